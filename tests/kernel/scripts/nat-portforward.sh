# NAT with TCP and UDP: a Docker-style port forward (DNAT on the host's address) to a
# container, MASQUERADE for its outbound traffic, and REJECT tcp-reset.
ip netns add host
ip netns add ctr
ip netns add client
ip link add veth0 netns host type veth peer name eth0 netns ctr
ip link add eth1 netns host type veth peer name eth0 netns client
ip -n host addr add 172.17.0.1/16 dev veth0
ip -n ctr addr add 172.17.0.2/16 dev eth0
ip -n host addr add 192.168.1.1/24 dev eth1
ip -n client addr add 192.168.1.50/24 dev eth0
for ns in host ctr client; do ip -n $ns link set lo up; done
ip -n host link set veth0 up
ip -n host link set eth1 up
ip -n ctr link set eth0 up
ip -n client link set eth0 up
ip -n ctr route add default via 172.17.0.1
ip netns exec host sysctl -q -w net.ipv4.ip_forward=1
ip netns exec host iptables -t nat -A POSTROUTING -s 172.17.0.0/16 ! -o veth0 -j MASQUERADE
ip netns exec host iptables -t nat -A PREROUTING -d 192.168.1.1 -p tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80
ip netns exec host iptables -t nat -A PREROUTING -d 192.168.1.1 -p udp --dport 5353 -j DNAT --to-destination 172.17.0.2:53
ip netns exec ctr vnet serve tcp 80 reply hello-from-ctr
ip netns exec ctr vnet serve udp 53 reply dns-answer
sleep 1
echo hi | ip netns exec client nc -w 2 192.168.1.1 8080; echo "rc=$?"
echo q | ip netns exec client nc -u -w 1 192.168.1.1 5353; echo "rc=$?"
ip netns exec client nc -z -w 1 192.168.1.1 8081; echo "rc=$?"
ip netns exec host iptables -t nat -L -n -v -x
ip netns exec host conntrack -L -p tcp 2>&1 | sed -E "s/(sport|dport)=[0-9]{5}/\1=P/g"
ip netns exec host conntrack -L -p udp 2>&1 | sed -E 's/(sport|dport)=[0-9]{5}/\1=P/g'
ip netns exec host iptables -A INPUT -p tcp --dport 22 -j REJECT --reject-with tcp-reset
ip netns exec client nc -z -w 1 192.168.1.1 22; echo "rc=$?"
ip netns exec host iptables -L INPUT -n -v
