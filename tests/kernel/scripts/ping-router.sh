# ping through a router (this script's own namespace, forwarding on): the TTL drops by
# one per hop; the router's ICMP errors come back as "From ROUTER icmp_seq=N ..." lines
# counted as errors (TTL exceeded, net unreachable without a route, host unreachable when
# its ARP fails, administratively prohibited by a prohibit route); without a route back
# the replies never arrive.
echo 1 > /proc/sys/net/ipv4/ip_forward
ip netns add a
ip netns add b
ip link add ra type veth peer name va netns a
ip link add rb type veth peer name vb netns b
ip addr add 10.0.1.254/24 dev ra
ip addr add 10.0.2.254/24 dev rb
ip -n a addr add 10.0.1.1/24 dev va
ip -n b addr add 10.0.2.1/24 dev vb
ip link set lo up
ip link set ra up
ip link set rb up
for n in a b; do ip -n $n link set lo up; done
ip -n a link set va up
ip -n b link set vb up
ip -n a route add default via 10.0.1.254
# a device's qdisc drops what is sent before linkwatch has seen its carrier: let it settle
sleep 1

ip netns exec a ping -c 1 10.0.1.254; echo "rc=$?"
ip netns exec a ping -c 1 10.0.2.254; echo "rc=$?"
ip netns exec a ping -c 2 -i 0.2 -W 1 10.0.2.1; echo "rc=$?"
ip -n b route add default via 10.0.2.254
ip netns exec a ping -c 2 -i 0.2 10.0.2.1; echo "rc=$?"
ip netns exec a ping -c 2 -i 0.2 -t 1 10.0.2.1; echo "rc=$?"
ip netns exec a ping -c 1 -t 2 10.0.2.1; echo "rc=$?"
ip netns exec a ping -c 1 10.0.3.1; echo "rc=$?"
ip netns exec a ping -c 2 -i 0.5 10.0.2.9; echo "rc=$?"
ip route add prohibit 10.0.4.0/24
ip netns exec a ping -c 1 10.0.4.1; echo "rc=$?"
ip netns exec a ping -c 1 -s 3000 10.0.2.1; echo "rc=$?"
ip netns exec b ping -c 1 -q 10.0.1.1; echo "rc=$?"
# let the router's DELAY entry for 10.0.1.1 (learnt from a's ARP request) finish its probe
sleep 6
ip -4 neigh show
