# policy counters exist once a policy is set (-P, iptables-restore); built-in chains
# appear in the kernel when first used (-Z and -D N on one that does not exist)
ip netns add a
ip netns add b
ip link add a0 netns a type veth peer name b0 netns b
ip -n a addr add 10.0.0.1/24 dev a0
ip -n b addr add 10.0.0.2/24 dev b0
ip -n a link set a0 up
ip -n b link set b0 up
sleep 1
ip netns exec b iptables -A INPUT -p udp -j ACCEPT
ip netns exec b iptables -t nat -A POSTROUTING -p udp -j ACCEPT
ip netns exec a ping -c 1 10.0.0.2 > /dev/null
ip netns exec b iptables -L INPUT -v | head -1
ip netns exec b iptables -t nat -L PREROUTING -v | head -1
ip netns exec b iptables -P INPUT ACCEPT
ip netns exec b iptables -Z OUTPUT
ip netns exec b iptables -t nat -Z PREROUTING
ip netns exec a ping -c 1 10.0.0.2 > /dev/null
ip netns exec b iptables -L -v | grep Chain
ip netns exec b iptables -t nat -L -v | grep Chain
ip netns exec b iptables -t nat -F
ip netns exec b iptables -F
ip netns exec b iptables -t mangle -L -v | grep Chain
ip netns exec b iptables -t mangle -A PREROUTING -j ACCEPT
ip netns exec a ping -c 1 10.0.0.2 > /dev/null
ip netns exec b iptables -t mangle -L -v | grep Chain
printf '*raw\n:PREROUTING ACCEPT\n:OUTPUT ACCEPT [5:500]\nCOMMIT\n' | ip netns exec b iptables-restore
ip netns exec a ping -c 1 10.0.0.2 > /dev/null
ip netns exec b iptables -t raw -L -v | grep Chain
ip netns exec b iptables -t raw -P PREROUTING ACCEPT
ip netns exec b iptables -t raw -P PREROUTING DROP
ip netns exec a ping -c 1 -W 1 10.0.0.2 > /dev/null
ip netns exec b iptables -t raw -L -v | grep Chain
ip netns exec b iptables -L -v | grep Chain
ip netns del a; ip netns del b
ip netns add c
ip netns exec c iptables -A INPUT -j ACCEPT
ip netns exec c iptables -F OUTPUT; echo rc=$?
ip netns exec c iptables -Z OUTPUT; echo rc=$?
ip netns exec c iptables -D OUTPUT 1; echo rc=$?
ip netns exec c iptables -D OUTPUT -j ACCEPT; echo rc=$?
ip netns exec c iptables -C OUTPUT -j ACCEPT; echo rc=$?
ip netns exec c iptables -L OUTPUT; echo rc=$?
ip netns exec c iptables -S OUTPUT; echo rc=$?
ip netns exec c iptables -L OUTPUT -Z; echo rc=$?
ip netns exec c iptables -Z; echo rc=$?
ip netns exec c iptables -F; echo rc=$?
ip netns exec c iptables -t nat -Z; echo rc=$?
ip netns exec c iptables -t nat -Z PREROUTING; echo rc=$?
ip netns exec c iptables -t nat -F PREROUTING; echo rc=$?
ip netns exec c iptables -t nat -S
ip netns exec c iptables -N X
ip netns exec c iptables -Z X; echo rc=$?
ip netns exec c iptables -E X Y
ip netns exec c iptables -R OUTPUT 1 -j DROP; echo rc=$?
ip netns exec c iptables -I OUTPUT 2 -j DROP; echo rc=$?
