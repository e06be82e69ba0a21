# Path MTU discovery with ping (RFC 1191): the link behind the router has MTU 1000. By
# default (-M want) a probe that fits the local MTU leaves with DF set; the router answers
# "Frag needed and DF set (mtu = 1000)", the host remembers that path MTU and fragments
# the next probes, which get replies. With -M do the remembered MTU refuses big probes
# locally; -M dont never sets DF; small probes are not concerned.
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
# a device's qdisc drops what is sent before linkwatch has seen its carrier: let it settle
sleep 1

ip netns exec a ping -c 1 -s 900 10.0.2.1; echo "rc=$?"
ip netns exec a ping -c 3 -i 0.2 -s 1200 10.0.2.1; echo "rc=$?"
ip netns exec a ping -c 2 -i 0.2 -s 1200 -M do 10.0.2.1; echo "rc=$?"
ip netns exec a ping -c 1 -s 972 -M do 10.0.2.1; echo "rc=$?"
ip netns exec a ping -c 1 -s 973 -M do 10.0.2.1; echo "rc=$?"
ip netns exec a ping -c 1 -s 1400 -M dont 10.0.2.1; echo "rc=$?"
ip netns exec b ping -c 2 -i 0.2 -s 1200 10.0.1.1; echo "rc=$?"
ip netns exec b ping -c 1 -s 1200 -M do 10.0.1.1; echo "rc=$?"
