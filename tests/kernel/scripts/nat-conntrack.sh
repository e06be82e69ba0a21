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
ip netns exec b iptables -A INPUT -p icmp -m state --state NEW -j ACCEPT
ip netns exec a ping -c 1 10.0.0.2 >/dev/null; echo rc=$?
ip netns exec b conntrack -L -p icmp 2>/dev/null | wc -l
ip netns exec b conntrack -L -p icmp 2>&1 | sed 's/id=[0-9]*/id=ID/g'
ip netns exec b conntrack -L -p udp; echo rc=$?
ip netns exec b conntrack -L -p icmp -s 10.0.0.1 2>&1 | sed 's/id=[0-9]*/id=ID/g'
ip netns exec b conntrack -L -p icmp -d 10.0.0.1; echo rc=$?
ip netns exec b conntrack -D -p udp; echo rc=$?
ip netns exec b conntrack -D -p icmp 2>&1 | sed 's/id=[0-9]*/id=ID/g'; echo rc=$?
ip netns exec b conntrack -L -p icmp 2>/dev/null | wc -l
ip netns exec a ping -c 1 10.0.0.2 >/dev/null; echo rc=$?
ip netns exec b conntrack -F
ip netns exec b conntrack -L
ip netns exec b iptables -L INPUT -v -n
# MASQUERADE connections go when their device goes down
ip netns add inner
ip netns add router
ip netns add outer
ip link add i0 netns inner type veth peer name r0 netns router
ip link add r1 netns router type veth peer name o0 netns outer
ip -n inner addr add 10.0.0.2/24 dev i0
ip -n router addr add 10.0.0.1/24 dev r0
ip -n router addr add 192.168.1.1/24 dev r1
ip -n outer addr add 192.168.1.100/24 dev o0
ip -n inner link set i0 up
ip -n router link set r0 up
ip -n router link set r1 up
ip -n outer link set o0 up
ip -n inner route add default via 10.0.0.1
ip netns exec router sysctl -q -w net.ipv4.ip_forward=1
ip netns exec router iptables -t nat -A POSTROUTING -o r1 -j MASQUERADE
ip netns exec router iptables -t nat -A POSTROUTING -s 10.9.0.0/16 -j SNAT --to-source 192.168.1.1
ip netns exec inner ping -c 1 192.168.1.100 > /dev/null; echo rc=$?
ip netns exec router conntrack -L -p icmp 2>/dev/null | wc -l
ip -n router link set r1 down
ip netns exec router conntrack -L -p icmp 2>/dev/null | wc -l
ip -n router link set r1 up
sleep 1
ip -n router route add default via 192.168.1.100 2>/dev/null
ip netns exec inner ping -c 1 192.168.1.100 > /dev/null; echo rc=$?
ip netns exec router conntrack -L -p icmp 2>/dev/null | wc -l
