# ICMP errors a router sends are rate limited per sender: net/host unreachables first pass
# ip_error's bucket (1 s each, burst 5 s) then icmp_send's (icmp_ratelimit 1 s, burst 6),
# which share one inet_peer, so a burst gets two; time exceeded only has the second.
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
ip -n b route add default via 10.0.2.254
sleep 1
ip netns exec a ping -c 6 -i 0.2 10.0.3.1; echo "rc=$?"
sleep 6
ip netns exec a ping -c 12 -i 0.1 -t 1 10.0.2.1; echo "rc=$?"
sleep 6
ip netns exec a ping -c 5 -i 1 10.0.3.1; echo "rc=$?"
sleep 10
ip route add unreachable 10.0.4.0/24
ip netns exec a ping -c 4 -i 0.2 10.0.4.1; echo "rc=$?"
