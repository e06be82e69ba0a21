# NAT: a private host behind a MASQUERADE router reaches an outside host; the outside
# sees only the router's address; the nat table counts one packet per connection.
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
ip netns exec router iptables -A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
ip netns exec router iptables -A FORWARD -i r0 -o r1 -j ACCEPT
ip netns exec router iptables -P FORWARD DROP
sleep 2
ip netns exec inner ping -c 3 -i 0.2 192.168.1.100 | grep -c 'bytes from'
echo "rc=$?"
ip netns exec router iptables -t nat -L POSTROUTING -n -v -x
ip netns exec router iptables -L FORWARD -n -v -x
ip netns exec outer ip neigh show dev o0 | cut -d' ' -f1
ip netns exec router conntrack -L -p icmp 2>&1 | sed 's/id=[0-9]*/id=ID/g'
# the outside cannot reach inside: FORWARD policy DROP counts it
ip netns exec outer ping -c 1 -W 1 10.0.0.2 >/dev/null 2>&1; echo "rc=$?"
ip -n outer route add 10.0.0.0/24 via 192.168.1.1
ip netns exec outer ping -c 1 -W 1 10.0.0.2 >/dev/null 2>&1; echo "rc=$?"
ip netns exec router iptables -L FORWARD -n -v -x
ip netns exec router iptables-save -c | grep -v '^#'
