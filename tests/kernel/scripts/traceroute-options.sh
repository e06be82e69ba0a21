# traceroute options through the h1 - r1 - r2 - h2 chain: -z (a pause between probes),
# -f (first hop), a router as destination, -I to a router and to a host that ignores
# echo requests, -i, -s, --sport (one probe at a time), -F with a packet larger than
# the MTU (!F-1500 from the local error). Rate limiting still shows where it bites.
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
ip netns exec h1 traceroute -n -z 0.3 -q 2 10.0.3.1; echo "rc=$?"
sleep 8
ip netns exec h1 traceroute -n -f 3 10.0.3.1; echo "rc=$?"
sleep 8
ip netns exec h1 traceroute -n 10.0.2.2; echo "rc=$?"
ip netns exec h1 traceroute -n -I 10.0.1.254; echo "rc=$?"
ip netns exec h2 sysctl -qw net.ipv4.icmp_echo_ignore_all=1
sleep 8
ip netns exec h1 traceroute -n -I -m 6 -w 1 10.0.3.1; echo "rc=$?"
ip netns exec h1 traceroute -n -i e0 -q 1 10.0.3.1; echo "rc=$?"
ip netns exec h1 traceroute -n -s 10.0.1.1 -q 1 -N 1 10.0.3.1; echo "rc=$?"
ip netns exec h1 traceroute -n --sport=40000 -q 1 10.0.3.1; echo "rc=$?"
ip netns exec h1 traceroute -n -F -q 1 10.0.3.1 1600; echo "rc=$?"
