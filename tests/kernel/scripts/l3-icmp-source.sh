# Which address a router's ICMP errors come from (icmp_send): routing back to the sender
# picks it, so with the way back through another interface the error names that
# interface's address; net.ipv4.icmp_errors_use_inbound_ifaddr=1 names the interface the
# packet came in on instead. a reaches r by two links and sends from 10.9.9.9 (on its
# lo) out of eth0; r routes 10.9.9.0/24 back through ra2.
ip netns add a
ip netns add b
ip netns add r
ip link add eth0 netns a type veth peer name ra netns r
ip link add eth1 netns a type veth peer name ra2 netns r
ip link add eth0 netns b type veth peer name rb netns r
ip -n a addr add 10.0.1.1/24 dev eth0
ip -n a addr add 10.0.4.1/24 dev eth1
ip -n a addr add 10.9.9.9/32 dev lo
ip -n b addr add 10.0.2.1/24 dev eth0
ip -n r addr add 10.0.1.254/24 dev ra
ip -n r addr add 10.0.4.254/24 dev ra2
ip -n r addr add 10.0.2.254/24 dev rb
for n in a b r; do ip -n $n link set lo up; done
ip -n a link set eth0 up
ip -n a link set eth1 up
ip -n b link set eth0 up
for d in ra ra2 rb; do ip -n r link set $d up; done
ip -n a route add default via 10.0.1.254
ip -n b route add default via 10.0.2.254
ip netns exec r sysctl -qw net.ipv4.ip_forward=1
ip -n r route add 10.9.9.0/24 via 10.0.4.1
sleep 1
ip netns exec a ping -c 1 -t 1 10.0.2.1; echo "rc=$?"
ip netns exec a ping -c 1 -t 1 -I 10.9.9.9 10.0.2.1; echo "rc=$?"
ip netns exec a ping -c 1 -I 10.9.9.9 10.0.9.1; echo "rc=$?"
ip netns exec r sysctl -w net.ipv4.icmp_errors_use_inbound_ifaddr=1
ip netns exec a ping -c 1 -t 1 -I 10.9.9.9 10.0.2.1; echo "rc=$?"
sleep 3
ip netns exec a ping -c 1 -I 10.9.9.9 10.0.9.1; echo "rc=$?"
# errors about packets to r itself come from the address they were sent to
ip netns exec a traceroute -n -q 1 -p 5000 10.0.2.254; echo "rc=$?"
ip netns exec a traceroute -n -q 1 -s 10.9.9.9 10.0.4.254; echo "rc=$?"
