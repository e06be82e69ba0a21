# nc -u: netcat's udptest() (one-byte "X" writes, with -v or -z) finds a closed port by
# the ICMP port unreachable that fails the next write; over loopback and over a veth.
ip netns add a
ip netns add b
ip link add eth0 netns a type veth peer name eth0 netns b
ip -n a addr add 10.0.0.1/24 dev eth0
ip -n b addr add 10.0.0.2/24 dev eth0
ip -n a link set eth0 up
ip -n b link set eth0 up
ip -n b link set lo up
ip netns exec b vnet serve udp 7
echo "--- loopback"
echo hi | ip netns exec b nc -u -w1 127.0.0.1 7; echo "rc=$?"
ip netns exec b nc -zv -u 127.0.0.1 8; echo "closed rc=$?"
ip netns exec b nc -zv -u -w1 127.0.0.1 7; echo "open rc=$?"
echo "--- veth"
ip netns exec a nc -zvu 10.0.0.2 8; echo "closed rc=$?"
echo hi | ip netns exec a nc -vu -w1 10.0.0.2 8; echo "closed, data rc=$?"
echo hi | ip netns exec a nc -u -w1 10.0.0.2 8; echo "closed, quiet rc=$?"
echo hi | ip netns exec a nc -vu -w1 10.0.0.2 7; echo "echo rc=$?"
ip netns exec a nc -zu -w1 10.0.0.2 7; echo "open rc=$?"
