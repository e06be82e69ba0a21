# VXLAN devices and their forwarding database: creation options and refusals, `bridge
# fdb` add/append/replace/del on a vxlan, learning from received frames, ageing, the
# flush when the device goes down, a device moved out of its link namespace, MTU
# limits and deletion with the lower device.
for ns in a b c; do
  ip netns add $ns
  ip netns exec $ns sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
done
ip link add va address 02:00:00:00:00:01 netns a type veth peer name vb address 02:00:00:00:00:02 netns b
ip -n a addr add 10.0.0.1/24 dev va
ip -n b addr add 10.0.0.2/24 dev vb
ip -n a link set va up
ip -n b link set vb up
ip -n a link add vx0 address 02:00:00:00:0a:01 type vxlan id 42 remote 10.0.0.2 local 10.0.0.1 dev va dstport 4789 ageing 20
ip -n b link add vx0 address 02:00:00:00:0b:01 type vxlan id 42 dstport 4789 local 10.0.0.2
ip -n a -d link show vx0 | grep -o "vxlan .*udp6zerocsumrx "
ip -n a -j -d link show vx0 | grep -o '"linkinfo":{[^}]*}}'
# refusals
ip -n b link add vx1 type vxlan id 42 dstport 4789; echo "rc=$?"
ip -n b link add vx1 type vxlan dstport 4789; echo "rc=$?"
ip -n b link add vx1 type vxlan id 16777216; echo "rc=$?"
ip -n b link add vx1 type vxlan id 5 ttl 300; echo "rc=$?"
ip -n b link add vx1 type vxlan id 5 df maybe; echo "rc=$?"
ip -n b link add vx1 type vxlan id 5 remote 10.0.0.1 remote 10.0.0.3; echo "rc=$?"
ip -n b link add vx1 type vxlan id 5 dev nosuch; echo "rc=$?"
ip -n b link add vx1 type vxlan id 5 bogus; echo "rc=$?"
ip -n b link add vx1 mtu 1451 type vxlan id 5 dstport 4789 dev vb; echo "rc=$?"
ip -n b link add vx1 type vxlan id 5; echo "rc=$?"
ip -n b -d link show vx1 | grep -o "vxlan .*ageing [0-9]*"
ip -n b link add vx2 type vxlan id 6 dstport 4789 nolearning ttl 10 tos inherit df set ageing none srcport 1000 2000 noudpcsum maxaddress 3
ip -n b -d link show vx2 | grep -o "vxlan .*udp6zerocsumrx "
ip -n b -j -d link show vx2 | grep -o '"linkinfo":{[^}]*}}'
ip -n b link del vx1
ip -n b link del vx2
# the forwarding database
bridge -n b fdb append 00:00:00:00:00:00 dev vx0 dst 10.0.0.1
bridge -n b fdb append 00:00:00:00:00:00 dev vx0 dst 10.0.0.9
bridge -n b fdb append 00:00:00:00:00:00 dev vx0 dst 10.0.0.9; echo "rc=$?"
bridge -n b fdb add 02:00:00:00:0c:01 dev vx0 dst 10.0.0.7 port 5000 vni 77
bridge -n b fdb add 02:00:00:00:0c:01 dev vx0 dst 10.0.0.8; echo "rc=$?"
bridge -n b fdb replace 02:00:00:00:0c:01 dev vx0 dst 10.0.0.8 via vb
bridge -n b fdb add 02:00:00:00:0c:02 dev vx0 dst 10.0.0.6 dynamic
bridge -n b fdb add 02:00:00:00:0c:03 dev vx0
bridge -n b fdb replace 00:00:00:00:00:00 dev vx0 dst 10.0.0.5; echo "rc=$?"
bridge -n b fdb del 02:00:00:00:0c:09 dev vx0; echo "rc=$?"
bridge -n b fdb del 00:00:00:00:00:00 dev vx0 dst 10.0.0.4; echo "rc=$?"
bridge -n b fdb add 02:00:00:00:0c:04 dev vx0 dst 10.0.0.3 via nosuch; echo "rc=$?"
bridge -n b fdb add 02:00:00:00:0c:04 dev vx0 dst 10.0.0.3 vni 16777216; echo "rc=$?"
bridge -n b fdb show dev vx0
bridge -n b -j fdb show dev vx0
bridge -n b fdb del 02:00:00:00:0c:03 dev vx0
bridge -n b fdb del 00:00:00:00:00:00 dev vx0 dst 10.0.0.9
bridge -n b fdb show
# traffic: b learns a's MAC from what arrives, a learns b's
ip -n a addr add 192.168.100.1/24 dev vx0
ip -n b addr add 192.168.100.2/24 dev vx0
ip -n a link set vx0 up
ip -n b link set vx0 up
ip -n a link show vx0
ip netns exec a ping -c 2 -i 0.5 192.168.100.2
bridge -n a fdb show dev vx0
bridge -n b fdb show dev vx0 | grep 0a:01
ip -n a -s link show vx0
ip -n b -s link show vb
ip -n a neigh show dev vx0
# the learned entry ages out (ageing 20 s; the cleanup runs every 10 s)
sleep 35
bridge -n a fdb show dev vx0
# moved into c, b's vx0 keeps its socket and routes in b
ip -n b link set vx0 netns c
ip -n c link show vx0
ip -n c -d link show vx0 | grep -o "link-netns .*"
bridge -n c fdb show dev vx0
bridge -n c -j fdb show dev vx0
ip -n c addr add 192.168.100.2/24 dev vx0
ip -n c link set vx0 up
ip netns exec a ping -c 1 192.168.100.2
ip -n c -s link show vx0
# down: learned entries are flushed, static ones stay
ip -n a link set vx0 down
bridge -n a fdb show dev vx0
# MTU: not above the lower device's less 50
ip -n a link set vx0 mtu 1451; echo "rc=$?"
ip -n a link set vx0 mtu 1400
ip -n a link set va mtu 1400
ip -n a link show vx0
# deleting the lower device deletes the vxlan made on it
ip -n a link del va
ip -n a link show vx0; echo "rc=$?"
ip -n c link show vx0
