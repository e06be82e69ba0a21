# Minimal TCP: a closed port answers RST+ACK; a SYN that gets no answer is resent every
# second five times, then 2 s later (linear SYN timeouts, then the RTO doubles), counted
# with their bytes by iptables on the silent side; data through a router; an echo
# server and half-close.
ip netns add a
ip netns add r
ip netns add b
ip link add eth0 netns a type veth peer name a0 netns r
ip link add eth0 netns b type veth peer name b0 netns r
ip -n a addr add 10.1.0.2/24 dev eth0
ip -n r addr add 10.1.0.1/24 dev a0
ip -n r addr add 10.2.0.1/24 dev b0
ip -n b addr add 10.2.0.2/24 dev eth0
for ns in a r b; do ip -n $ns link set lo up; done
ip -n a link set eth0 up
ip -n b link set eth0 up
ip -n r link set a0 up
ip -n r link set b0 up
ip -n a route add default via 10.1.0.1
ip -n b route add default via 10.2.0.1
ip netns exec r sysctl -q -w net.ipv4.ip_forward=1
ip netns exec b vnet serve tcp 7
ip netns exec b vnet serve tcp 25 reply "220 b ready for %a"
echo "--- RST for a closed port"
ip netns exec a iptables -A INPUT -p tcp --tcp-flags RST,ACK RST,ACK -j ACCEPT
ip netns exec a nc -zv -w1 10.2.0.2 26; echo "rc=$?"
ip netns exec a iptables -L INPUT -v -n -x | awk 'NR > 2 {print $1}'
echo "--- SYN retransmission"
ip netns exec b iptables -A INPUT -p tcp --dport 27 -j DROP
ip netns exec a nc -zv -w6 10.2.0.2 27; echo "rc=$?"
ip netns exec b iptables -L INPUT -v -n -x | awk 'NR > 2 {print $1, $2}'
echo "--- data through the router"
printf 'line one\nline two\n' | ip netns exec a nc -N 10.2.0.2 7; echo "rc=$?"
echo "HELO a" | ip netns exec a nc -w1 10.2.0.2 25; echo "rc=$?"
seq 1 2000 | ip netns exec a nc -N 10.2.0.2 7 | tail -n 2
