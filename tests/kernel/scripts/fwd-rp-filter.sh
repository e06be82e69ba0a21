# reverse path filtering (RFC 3704) on a router r. Host a reaches r by two links; it
# sends from 10.9.9.9 (on its lo) out of eth0, while r routes 10.9.9.0/24 back through
# the other link: the reverse path differs from the input interface.
ip netns add a
ip netns add b
ip netns add r
ip link add eth0 netns a type veth peer name ra netns r
ip link add eth1 netns a type veth peer name ra2 netns r
ip link add eth0 netns b type veth peer name rb netns r
ip -n a addr add 10.0.1.1/24 dev eth0
ip -n a addr add 10.0.4.1/24 dev eth1
ip -n a addr add 10.9.9.9/32 dev lo
ip -n b addr add 10.0.2.1/24 dev eth0
ip -n r addr add 10.0.1.254/24 dev ra
ip -n r addr add 10.0.4.254/24 dev ra2
ip -n r addr add 10.0.2.254/24 dev rb
for n in a b r; do ip -n $n link set lo up; done
ip -n a link set eth0 up
ip -n a link set eth1 up
ip -n b link set eth0 up
for d in ra ra2 rb; do ip -n r link set $d up; done
ip -n a route add default via 10.0.1.254
ip -n b route add default via 10.0.2.254
ip netns exec r sysctl -qw net.ipv4.ip_forward=1
ip -n r route add 10.9.9.0/24 via 10.0.4.1
sleep 1
ip netns exec r sysctl net.ipv4.conf.all.rp_filter net.ipv4.conf.ra.rp_filter
ip netns exec a ping -c 1 -I 10.9.9.9 -W 1 10.0.2.254; echo "rc=$?"
ip netns exec a ping -c 1 -I 10.9.9.9 -W 1 10.0.2.1; echo "rc=$?"
# strict: the reverse route must use the input interface
ip netns exec r sysctl -w net.ipv4.conf.ra.rp_filter=1
ip netns exec a ping -c 1 -I 10.9.9.9 -W 1 10.0.2.254; echo "rc=$?"
ip netns exec a ping -c 1 -I 10.9.9.9 -W 1 10.0.2.1; echo "rc=$?"
ip netns exec a ping -c 1 -W 1 10.0.2.1; echo "rc=$?"
# loose: any route back will do
ip netns exec r sysctl -w net.ipv4.conf.ra.rp_filter=2
ip netns exec a ping -c 1 -I 10.9.9.9 -W 1 10.0.2.254; echo "rc=$?"
ip netns exec a ping -c 1 -I 10.9.9.9 -W 1 10.0.2.1; echo "rc=$?"
# the highest of all and the device counts
ip netns exec r sysctl -w net.ipv4.conf.ra.rp_filter=0
ip netns exec r sysctl -w net.ipv4.conf.all.rp_filter=1
ip netns exec a ping -c 1 -I 10.9.9.9 -W 1 10.0.2.254; echo "rc=$?"
ip netns exec r sysctl -w net.ipv4.conf.all.rp_filter=2
ip netns exec a ping -c 1 -I 10.9.9.9 -W 1 10.0.2.254; echo "rc=$?"
ip -n r route del 10.9.9.0/24
ip -n r route add 10.9.0.0/16 dev ra2
ip netns exec a ping -c 1 -I 10.9.9.9 -W 1 10.0.2.254; echo "rc=$?"
ip netns exec r sysctl -w net.ipv4.conf.all.rp_filter=1
ip netns exec a ping -c 1 -I 10.9.9.9 -W 1 10.0.2.254; echo "rc=$?"
ip -n r route replace 10.9.0.0/16 dev ra
ip netns exec a ping -c 1 -I 10.9.9.9 -W 1 10.0.2.254; echo "rc=$?"
