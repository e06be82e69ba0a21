# ping across a veth pair: replies and statistics; an off-link address with no route;
# on-link addresses nobody answers for (ARP gives up after 3 probes, 1 s apart). The
# "Destination Host Unreachable" errors are ICMP the kernel sends to itself, over lo:
# with lo down, ping never sees them. Timings are masked by the comparison.
ip netns add a
ip netns add b
ip link add va type veth peer name vb
ip link set va netns a
ip link set vb netns b
ip -n a addr add 10.0.0.1/24 dev va
ip -n b addr add 10.0.0.2/24 dev vb
ip -n a link set va up
ip -n b link set vb up

ip netns exec a ping -c 1 127.0.0.1
echo "rc=$?"
ip netns exec a ping -c 1 -W 1 10.0.0.8
echo "rc=$?"
ip -n a neigh show
ip -n a link set lo up
ip netns exec a ping -c 1 127.0.0.1
echo "rc=$?"

ip netns exec a ping -c 3 -i 0.2 10.0.0.2
echo "rc=$?"
ip netns exec b ping -c 1 -q 10.0.0.1
echo "rc=$?"
ip netns exec a ping -c 1 192.0.2.1
echo "rc=$?"
ip netns exec a ping -c 4 -i 0.5 10.0.0.9
echo "rc=$?"
ip -n a -4 neigh show
ip -n b -4 neigh show
