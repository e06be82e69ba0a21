# iptables with TCP: --syn, --tcp-flags, multiport, state NEW/ESTABLISHED, REJECT
# variants answering nc, and the counters they leave
ip netns add srv
ip netns add cli
ip link add s0 netns srv type veth peer name c0 netns cli
ip -n srv addr add 10.0.0.1/24 dev s0
ip -n cli addr add 10.0.0.2/24 dev c0
for ns in srv cli; do ip -n $ns link set lo up; done
ip -n srv link set s0 up
ip -n cli link set c0 up
ip netns exec srv vnet serve tcp 80 reply web
ip netns exec srv vnet serve tcp 443 reply tls
ip netns exec srv vnet serve tcp 22 reply ssh
sleep 1
ip netns exec srv iptables -A INPUT -m state --state ESTABLISHED,RELATED -j ACCEPT
ip netns exec srv iptables -A INPUT -p tcp --syn -m multiport --dports 80,443 -j ACCEPT
ip netns exec srv iptables -A INPUT -p tcp --dport 22 -j REJECT --reject-with tcp-reset
ip netns exec srv iptables -A INPUT -p tcp --dport 23 -j REJECT
ip netns exec srv iptables -A INPUT -p tcp --tcp-flags ALL NONE -j DROP
ip netns exec srv iptables -A INPUT -p tcp -j DROP
echo x | ip netns exec cli nc -w 2 10.0.0.1 80; echo "rc=$?"
echo x | ip netns exec cli nc -w 2 10.0.0.1 443; echo "rc=$?"
ip netns exec cli nc -z -v -w 1 10.0.0.1 22; echo "rc=$?"
ip netns exec cli nc -z -v -w 1 10.0.0.1 23; echo "rc=$?"
ip netns exec srv iptables -L INPUT -n -v --line-numbers
