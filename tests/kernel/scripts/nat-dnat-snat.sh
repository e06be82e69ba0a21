# NAT: DNAT (ping forwarded to an inside host), SNAT --to-source, REDIRECT, and ICMP
# errors about masqueraded packets translated back to the inside host (RFC 5508).
ip netns add inner
ip netns add router
ip netns add outer
ip netns add far
ip link add i0 netns inner type veth peer name r0 netns router
ip link add r1 netns router type veth peer name o0 netns outer
ip link add o1 netns outer type veth peer name f0 netns far
ip -n inner addr add 10.0.0.2/24 dev i0
ip -n router addr add 10.0.0.1/24 dev r0
ip -n router addr add 192.168.1.1/24 dev r1
ip -n outer addr add 192.168.1.100/24 dev o0
ip -n outer addr add 172.16.0.1/24 dev o1
ip -n far addr add 172.16.0.2/24 dev f0
for ns in inner router outer far; do ip -n $ns link set lo up; done
ip -n inner link set i0 up
ip -n router link set r0 up
ip -n router link set r1 up
ip -n outer link set o0 up
ip -n outer link set o1 up
ip -n far link set f0 up
ip -n inner route add default via 10.0.0.1
ip -n router route add 172.16.0.0/24 via 192.168.1.100
ip -n far route add default via 172.16.0.1
ip netns exec router sysctl -q -w net.ipv4.ip_forward=1
ip netns exec outer sysctl -q -w net.ipv4.ip_forward=1
sleep 2
# SNAT to the router's address: far sees 192.168.1.1
ip netns exec router iptables -t nat -A POSTROUTING -s 10.0.0.0/24 -o r1 -j SNAT --to-source 192.168.1.1
ip netns exec far iptables -A INPUT -p icmp --icmp-type echo-request
ip netns exec inner ping -c 2 -i 0.3 172.16.0.2 | grep -E 'bytes from|received'
ip netns exec far iptables -L INPUT -n -v -x
ip netns exec far iptables -A INPUT -s 192.168.1.1 -p icmp
ip netns exec inner ping -c 1 172.16.0.2 | grep received
ip netns exec far iptables -L INPUT -n -v -x
# an ICMP error about a translated packet comes back translated
ip netns exec inner ping -c 1 -t 2 -W 1 172.16.0.2 | grep -E 'From|received'
ip netns exec router iptables -t nat -L -n -v -x
# DNAT: the outside pings the router's address and the inside host answers
ip netns exec router iptables -t nat -A PREROUTING -i r1 -d 192.168.1.1 -p icmp -j DNAT --to-destination 10.0.0.2
ip netns exec inner iptables -A INPUT -p icmp --icmp-type echo-request -s 192.168.1.100
ip netns exec outer ping -c 2 -i 0.3 192.168.1.1 | grep -E 'bytes from|received'
ip netns exec inner iptables -L INPUT -n -v -x
ip netns exec router conntrack -L -p icmp 2>&1 | sed 's/id=[0-9]*/id=ID/g' | sort
ip netns exec router iptables -t nat -F
ip netns exec router conntrack -F
# REDIRECT: a ping to any far address is answered by the router itself
ip netns exec router iptables -t nat -A PREROUTING -i r0 -p icmp -j REDIRECT
ip netns exec inner ping -c 1 172.16.0.2 | grep -E 'bytes from|received'
ip netns exec router iptables -t nat -S
ip netns exec router iptables-save | grep -v '^#'
