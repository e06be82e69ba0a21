# fragments through a MASQUERADE router: conntrack reassembles, forwarding fragments again
ip netns add inner
ip netns add router
ip netns add outer
ip link add i0 netns inner type veth peer name r0 netns router
ip link add r1 netns router type veth peer name o0 netns outer
ip -n inner addr add 10.0.0.2/24 dev i0
ip -n router addr add 10.0.0.1/24 dev r0
ip -n router addr add 192.168.1.1/24 dev r1
ip -n outer addr add 192.168.1.100/24 dev o0
ip -n router link set r1 mtu 1000
ip -n outer link set o0 mtu 1000
ip -n inner link set i0 up
ip -n router link set r0 up
ip -n router link set r1 up
ip -n outer link set o0 up
ip -n inner route add default via 10.0.0.1
ip netns exec router sysctl -q -w net.ipv4.ip_forward=1
ip netns exec router iptables -t nat -A POSTROUTING -o r1 -j MASQUERADE
ip netns exec router iptables -A FORWARD -m conntrack --ctstate NEW,ESTABLISHED
sleep 1
ip netns exec inner ping -c 2 -i 0.3 -s 3000 -M dont 192.168.1.100 | grep -E 'bytes from|received'
ip netns exec router iptables -L FORWARD -n -v -x
ip netns exec router iptables -t nat -L POSTROUTING -n -v -x
ip netns exec outer ip -s -s link show o0 | sed -n '4p'
ip netns exec router conntrack -L -p icmp 2>&1 | sed 's/id=[0-9]*/id=ID/g'
