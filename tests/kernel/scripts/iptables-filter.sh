# iptables filter: DROP, REJECT variants, RETURN from a user chain, state matches, LOG,
# OUTPUT drops seen by ping, counters (-v -x), -Z, and the policy.
ip netns add a
ip netns add r
ip netns add b
ip link add a0 netns a type veth peer name ra netns r
ip link add rb netns r type veth peer name b0 netns b
ip -n a addr add 10.1.0.2/24 dev a0
ip -n r addr add 10.1.0.1/24 dev ra
ip -n r addr add 10.2.0.1/24 dev rb
ip -n b addr add 10.2.0.2/24 dev b0
for ns in a r b; do ip -n $ns link set lo up; done
ip -n a link set a0 up
ip -n r link set ra up
ip -n r link set rb up
ip -n b link set b0 up
ip -n a route add default via 10.1.0.1
ip -n b route add default via 10.2.0.1
ip netns exec r sysctl -q -w net.ipv4.ip_forward=1
sleep 2
ip netns exec a ping -c 1 -W 1 10.2.0.2 | grep -c 'bytes from'
# REJECT variants in FORWARD
for how in icmp-host-unreachable icmp-net-unreachable icmp-admin-prohibited icmp-port-unreachable; do
  ip netns exec r iptables -I FORWARD -p icmp --icmp-type echo-request -j REJECT --reject-with $how
  ip netns exec a ping -c 1 -W 1 10.2.0.2 | grep -E 'From|received'
  ip netns exec r iptables -D FORWARD 1
  sleep 1
done
# DROP on INPUT: the router stops answering, and counts
ip netns exec r iptables -A INPUT -i ra -p icmp -j DROP
ip netns exec a ping -c 2 -i 0.3 -W 1 10.1.0.1 | grep received
ip netns exec r iptables -L INPUT -v -x -n
ip netns exec r iptables -Z INPUT
ip netns exec r iptables -L INPUT -v -x -n
ip netns exec r iptables -F INPUT
# a user chain with RETURN and a DROP after it
ip netns exec r iptables -N CHECK
ip netns exec r iptables -A CHECK -s 10.1.0.2 -j RETURN
ip netns exec r iptables -A CHECK -j DROP
ip netns exec r iptables -A FORWARD -j CHECK
ip netns exec a ping -c 1 -W 1 10.2.0.2 | grep received
ip netns exec b ping -c 1 -W 1 10.1.0.2 | grep received
ip netns exec r iptables -L -v -x -n
ip netns exec r iptables -F FORWARD
ip netns exec r iptables -X CHECK
# stateful: only answers to connections opened from a
ip netns exec r iptables -A FORWARD -m state --state ESTABLISHED,RELATED -j ACCEPT
ip netns exec r iptables -A FORWARD -i ra -m conntrack --ctstate NEW -j ACCEPT
ip netns exec r iptables -A FORWARD -j LOG --log-prefix "fw-drop: "
ip netns exec r iptables -P FORWARD DROP
ip netns exec a ping -c 2 -i 0.3 -W 1 10.2.0.2 | grep received
ip netns exec b ping -c 1 -W 1 10.1.0.2 | grep received
ip netns exec r iptables -L FORWARD -v -x -n --line-numbers
# OUTPUT drop: ping's sendmsg fails
ip netns exec a iptables -A OUTPUT -d 10.1.0.1 -j DROP
ip netns exec a ping -c 1 -W 1 10.1.0.1; echo "rc=$?"
ip netns exec a iptables -S
