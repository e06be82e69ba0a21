# mangle and raw tables: their chains, listing, and DROP/ACCEPT rules take effect
ip netns add a
ip netns add b
ip link add a0 netns a type veth peer name b0 netns b
ip -n a addr add 10.0.0.1/24 dev a0
ip -n b addr add 10.0.0.2/24 dev b0
ip -n a link set a0 up
ip -n b link set b0 up
sleep 1
ip netns exec b iptables -t mangle -A PREROUTING -p icmp --icmp-type echo-request -j DROP
ip netns exec a ping -c 1 -W 1 10.0.0.2 | grep received
ip netns exec b iptables -t mangle -F
ip netns exec b iptables -t raw -A PREROUTING -s 10.0.0.1 -j DROP
ip netns exec a ping -c 1 -W 1 10.0.0.2 | grep received
ip netns exec b iptables -t raw -L -n -v
ip netns exec b iptables -t mangle -L -n -v
ip netns exec b iptables -t raw -F
ip netns exec b iptables -t mangle -A OUTPUT -p icmp -j DROP
ip netns exec a ping -c 1 -W 1 10.0.0.2 | grep received
ip netns exec b iptables -t mangle -S
ip netns exec b iptables-save | grep -v '^#'
ip netns exec b iptables -t raw -A INPUT -j DROP; echo rc=$?
