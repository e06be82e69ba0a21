# ICMP errors about masqueraded UDP come back translated (RFC 5508): nc -u on the inside
# learns the port is closed; conntrack relates the error to the connection
ip netns add inner
ip netns add router
ip netns add outer
ip link add i0 netns inner type veth peer name r0 netns router
ip link add r1 netns router type veth peer name o0 netns outer
ip -n inner addr add 10.0.0.2/24 dev i0
ip -n router addr add 10.0.0.1/24 dev r0
ip -n router addr add 192.168.1.1/24 dev r1
ip -n outer addr add 192.168.1.100/24 dev o0
for ns in inner router outer; do ip -n $ns link set lo up; done
ip -n inner link set i0 up
ip -n router link set r0 up
ip -n router link set r1 up
ip -n outer link set o0 up
ip -n inner route add default via 10.0.0.1
ip netns exec router sysctl -q -w net.ipv4.ip_forward=1
ip netns exec router iptables -t nat -A POSTROUTING -o r1 -j MASQUERADE
ip netns exec router iptables -A FORWARD -m conntrack --ctstate RELATED -p icmp
ip netns exec router iptables -A FORWARD -m conntrack --ctstate NEW -p udp
ip netns exec inner iptables -A INPUT -p icmp --icmp-type port-unreachable -s 192.168.1.100 -d 10.0.0.2
sleep 1
ip netns exec inner nc -u -z -v -w 1 192.168.1.100 9; echo "rc=$?"
ip netns exec router iptables -L FORWARD -n -v -x
ip netns exec inner iptables -L INPUT -n -v -x
ip netns exec router conntrack -L -p udp 2>&1 | sed -E 's/(sport|dport)=[0-9]{5}/\1=P/g'
