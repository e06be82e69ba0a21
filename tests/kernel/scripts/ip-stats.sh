# ip -s link / ip -s addr counters after real traffic: ARP and ICMP between two
# namespaces (IPv6 off before the links come up, so only IPv4 frames are counted), the
# -s -s error columns and carrier transitions, JSON stats64, and ip -s neigh.
ip netns add a
ip netns add b
ip netns exec a sh -c 'echo 1 > /proc/sys/net/ipv6/conf/default/disable_ipv6'
ip netns exec b sh -c 'echo 1 > /proc/sys/net/ipv6/conf/default/disable_ipv6'
ip link add va type veth peer name vb
ip link set va netns a
ip link set vb netns b
ip -n a addr add 10.0.0.1/24 dev va
ip -n b addr add 10.0.0.2/24 dev vb
ip -n a link set va up
ip -n b link set vb up
ip -n a -s link show va
ip netns exec a ping -c 3 -i 0.2 -q 10.0.0.2 > /dev/null; echo "rc=$?"
ip -n a -s link show va
ip -n b -s -s link show vb
ip -n a -s -j link show va
ip -n b -s addr show vb
ip -n a -s link set va down
ip -n a -s -s link show va
ip -n a link set va up
ip -n a -s -s -j -p link show va
ip -n a -s neigh show dev va nud permanent
ip -n a neigh add 10.0.0.9 lladdr 02:00:00:00:00:09 dev va
ip -n a -s neigh show 10.0.0.9
