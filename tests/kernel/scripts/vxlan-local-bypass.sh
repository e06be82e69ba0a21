# A VXLAN remote that is an address of the link namespace itself is not encapsulated:
# the frame goes straight to the local vxlan device of the remote's VNI and port
# (encap_bypass_if_local), counted whole on both, and that device learns the sender
# against 127.0.0.1 under its own VNI. With lo down, 127.0.0.1 has no route and the
# answers fail (carrier errors); with lo up they are local too, and so come back to the
# answering device itself: the pings end in Destination Host Unreachable.
ip netns add h
ip netns add c
for n in h c; do ip netns exec $n sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1; done
ip -n h link add d0 type veth peer name d1
ip -n h addr add 10.9.0.1/24 dev d0
ip -n h link set d0 up
ip -n h link set d1 up
ip -n h link add vxa address 02:00:00:00:00:0a type vxlan id 7 dstport 4789
ip -n h link add vxb address 02:00:00:00:00:0b type vxlan id 8 dstport 4789
bridge -n h fdb add 00:00:00:00:00:00 dev vxa dst 10.9.0.1 vni 8
bridge -n h fdb add 00:00:00:00:00:00 dev vxb dst 10.9.0.1 vni 7
ip -n h link set vxb netns c
ip -n h addr add 192.168.7.1/24 dev vxa
ip -n c addr add 192.168.7.2/24 dev vxb
ip -n h link set vxa up
ip -n c link set vxb up
ip netns exec h ping -c 2 -i 0.3 192.168.7.2
ip -n h -s link show vxa
ip -n c -s link show vxb
ip -n h -s link show d0 | tail -4
bridge -n h fdb show dev vxa
bridge -n c fdb show dev vxb
ip -n h link set lo up
ip netns exec h ping -c 2 -i 0.3 192.168.7.2
ip -n h -s link show vxa
ip -n c -s link show vxb
bridge -n h fdb show dev vxa
# a local remote with no device of its VNI: counted as an error
ip -n h link add vxc type vxlan id 9 dstport 4789 remote 10.9.0.1
ip -n h addr add 192.168.9.1/24 dev vxc
ip -n h link set vxc up
ip netns exec h ping -c 1 -W 1.5 192.168.9.2
ip -n h -s link show vxc
ip -n h link add vxm type vxlan id 10 dstport 4789 remote 10.9.0.5 maxaddress 1
bridge -n h fdb add 02:00:00:00:00:99 dev vxm dst 10.9.0.6; echo rc=$?
