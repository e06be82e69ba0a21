# IPv6 link-local addresses on a veth pair between two namespaces: tentative during
# duplicate address detection, valid (and given their local route) after it; carrier
# loss keeps the address, down removes it. Link-local addresses are masked. (`-6` and `-o`
# where a device without carrier is listed: its operstate is not what this script tests.)
ip netns add a
ip netns add b
ip link add va type veth peer name vb
ip link set va netns a
ip link set vb netns b
ip -n a link set lo up
ip -n a link set va up
ip -n a -6 addr
ip -n b link set vb up
ip -n a addr
ip -n b addr show vb
ip -n b -j addr show vb
ip -n a -6 route
ip -n a route show table all
sleep 3
ip -n a addr
ip -n b addr show vb
ip -n b -j addr show vb
ip -n a route show table all
ip -n b -6 route show table local
ip -n b link set vb down
ip -n a -o -6 addr show dev va
ip -n a -6 route show table all
ip -n b addr show vb
ip -n b -6 route show table all
