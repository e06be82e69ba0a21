# TCP through NAT: a VM behind a MASQUERADE gateway reaches an outside server (which
# sees only the gateway's address), and a DNAT port forward on the gateway reaches a
# server in the VM (which sees the real client). The nat table counts one packet per
# connection.
ip netns add ext
ip netns add gw
ip netns add vm
ip link add out0 netns gw type veth peer name eth0 netns ext
ip link add in0 netns gw type veth peer name eth0 netns vm
ip -n gw addr add 192.168.1.1/24 dev out0
ip -n gw addr add 10.10.0.1/24 dev in0
ip -n ext addr add 192.168.1.2/24 dev eth0
ip -n vm addr add 10.10.0.2/24 dev eth0
for ns in ext gw vm; do ip -n $ns link set lo up; done
ip -n gw link set out0 up
ip -n gw link set in0 up
ip -n ext link set eth0 up
ip -n vm link set eth0 up
ip -n vm route add default via 10.10.0.1
ip netns exec gw sysctl -q -w net.ipv4.ip_forward=1
ip netns exec gw iptables -t nat -A POSTROUTING -o out0 -j MASQUERADE
ip netns exec gw iptables -t nat -A PREROUTING -i out0 -p tcp --dport 8080 -j DNAT --to-destination 10.10.0.2:80
ip netns exec ext vnet serve tcp 9000 reply "ext sees %a"
ip netns exec vm vnet serve tcp 80 reply "vm sees %a"
echo "--- outbound through MASQUERADE"
echo hi | ip netns exec vm nc -w1 192.168.1.2 9000; echo "rc=$?"
echo hi | ip netns exec vm nc -w1 192.168.1.2 9000; echo "rc=$?"
ip netns exec vm nc -zv -w1 192.168.1.2 9001; echo "refused rc=$?"
echo "--- inbound through DNAT"
echo hi | ip netns exec ext nc -w1 192.168.1.1 8080; echo "rc=$?"
ip netns exec ext nc -z -w1 192.168.1.1 8081; echo "no forward rc=$?"
ip netns exec ext nc -z -w1 10.10.0.2 80; echo "no route rc=$?"
echo "--- nat table"
ip netns exec gw iptables -t nat -L -n -v -x | awk '{print $1, $3, $NF}'
