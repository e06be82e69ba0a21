# Next-hop exceptions: what ip route get and ip route show cache print after ICMP
# fragmentation needed (expires, mtu), ip route flush cache forgetting them, and the
# cache flags of local, broadcast, multicast and lo-bound lookups.
echo 1 > /proc/sys/net/ipv4/ip_forward
ip netns add a
ip netns add b
ip link add ra type veth peer name va netns a
ip link add rb type veth peer name vb netns b
ip addr add 10.0.1.254/24 dev ra
ip addr add 10.0.2.254/24 dev rb
ip -n a addr add 10.0.1.1/24 dev va
ip -n b addr add 10.0.2.1/24 dev vb
ip link set rb mtu 1000
ip -n b link set vb mtu 1000
ip link set lo up
ip link set ra up
ip link set rb up
for n in a b; do ip -n $n link set lo up; done
ip -n a link set va up
ip -n b link set vb up
ip -n a route add default via 10.0.1.254
ip -n b route add default via 10.0.2.254
sleep 1
ip netns exec a ping -c 1 -s 1200 -M do 10.0.2.1; echo "rc=$?"
sleep 1.5    # the expiry shows in whole seconds: stay clear of the edge
ip -n a route get 10.0.2.1
ip -n a route show cache
ip -n a -j route get 10.0.2.1
ip -n a route list table all cache
ip -n a route show cache 10.0.2.1
ip -n a -d route get 10.0.2.1
ip -n a route flush cache
ip -n a route get 10.0.2.1
ip -n a route get 10.0.2.1 from 10.0.1.1
ip -n a route get 10.0.1.254
ip -n a route get 10.0.1.1
ip -n a route get 127.0.0.5
ip -n a route get 10.0.1.255
ip -n a route get 255.255.255.255
ip -n a route get 224.0.0.1
ip -n a route get 10.0.2.1 oif lo
ip -n a link set va down
ip -n a route get 10.0.2.1; echo "rc=$?"
