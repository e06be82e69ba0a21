# traceroute through a chain of two routers (h1 - r1 - r2 - h2): UDP probes (default
# ports 33434 and up, -U, -p), ICMP probes (-I), -q/-N/-f/-m/-w, !N from a router
# without a route, and the * that ICMP rate limiting makes: h2 answers at most 6 port
# unreachables in a burst and one a second after, so a traceroute right after another
# loses hops beyond the first silent one until its 5 s wait refills the bucket.
ip netns add h1
ip netns add r1
ip netns add r2
ip netns add h2
ip link add e0 netns h1 type veth peer name e0 netns r1
ip link add e1 netns r1 type veth peer name e0 netns r2
ip link add e1 netns r2 type veth peer name e0 netns h2
ip -n h1 addr add 10.0.1.1/24 dev e0
ip -n r1 addr add 10.0.1.254/24 dev e0
ip -n r1 addr add 10.0.2.1/24 dev e1
ip -n r2 addr add 10.0.2.2/24 dev e0
ip -n r2 addr add 10.0.3.254/24 dev e1
ip -n h2 addr add 10.0.3.1/24 dev e0
for n in h1 r1 r2 h2; do ip -n $n link set lo up; for d in e0 e1; do ip -n $n link set $d up 2>/dev/null; done; done
ip netns exec r1 sysctl -q -w net.ipv4.ip_forward=1
ip netns exec r2 sysctl -q -w net.ipv4.ip_forward=1
ip -n h1 route add default via 10.0.1.254
ip -n r1 route add 10.0.3.0/24 via 10.0.2.2
ip -n r2 route add 10.0.1.0/24 via 10.0.2.1
ip -n h2 route add default via 10.0.3.254
sleep 1
for i in 1 2 3 4; do ip netns exec h1 traceroute -n 10.0.3.1; done
sleep 10
ip netns exec h1 traceroute -n -q 1 -N 1 10.0.3.1; echo "rc=$?"
ip netns exec h1 traceroute -n -I 10.0.3.1; echo "rc=$?"
ip netns exec h1 traceroute -n -I 10.0.3.1; echo "rc=$?"
sleep 10
ip netns exec h1 traceroute -n -f 2 -m 2 10.0.3.1; echo "rc=$?"
ip netns exec h1 traceroute -n -w 1 10.0.9.1; echo "rc=$?"
ip netns exec h1 traceroute -n -w 1 -q 1 10.0.3.9; echo "rc=$?"
ip -n r2 route add prohibit 10.0.8.0/24
ip netns exec h1 traceroute -n -q 2 10.0.8.1; echo "rc=$?"
ip netns exec h1 traceroute -n -U 10.0.3.1; echo "rc=$?"
ip netns exec h1 traceroute -n -p 33500 -q 1 10.0.3.1; echo "rc=$?"
