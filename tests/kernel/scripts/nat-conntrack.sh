# conntrack sysctls and the conntrack command: -L filters, -C, -D, -F
sysctl net.netfilter.nf_conntrack_udp_timeout net.netfilter.nf_conntrack_udp_timeout_stream
sysctl net.netfilter.nf_conntrack_icmp_timeout net.netfilter.nf_conntrack_tcp_timeout_established
sysctl -w net.netfilter.nf_conntrack_icmp_timeout=10
cat /proc/sys/net/netfilter/nf_conntrack_icmp_timeout
conntrack -C
conntrack -D; echo rc=$?
ip netns add a
ip netns add b
ip link add a0 netns a type veth peer name b0 netns b
ip -n a addr add 10.0.0.1/24 dev a0
ip -n b addr add 10.0.0.2/24 dev b0
ip -n a link set a0 up
ip -n b link set b0 up
ip netns exec b iptables -A INPUT -m state --state NEW -j ACCEPT
ip netns exec a ping -c 1 10.0.0.2 >/dev/null; echo rc=$?
ip netns exec b conntrack -C
ip netns exec b conntrack -L -p icmp 2>&1 | sed 's/id=[0-9]*/id=ID/g'
ip netns exec b conntrack -L -p udp; echo rc=$?
ip netns exec b conntrack -L -s 10.0.0.1 2>&1 | sed 's/id=[0-9]*/id=ID/g'
ip netns exec b conntrack -L -d 10.0.0.1; echo rc=$?
ip netns exec b conntrack -D -p udp; echo rc=$?
ip netns exec b conntrack -D -p icmp 2>&1 | sed 's/id=[0-9]*/id=ID/g'; echo rc=$?
ip netns exec b conntrack -C
ip netns exec a ping -c 1 10.0.0.2 >/dev/null; echo rc=$?
ip netns exec b conntrack -F
ip netns exec b conntrack -L
ip netns exec b iptables -L INPUT -v -n
