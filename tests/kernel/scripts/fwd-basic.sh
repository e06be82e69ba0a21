# forwarding switches (the input interface's conf.DEV.forwarding decides, RFC 1812 2.2.8),
# TTL per hop and time exceeded, no forwarding of directed or limited broadcasts, and
# the neighbours each hop learnt (the Ethernet header is rewritten, the IP one is not).
ip netns add a
ip netns add b
ip netns add c
ip netns add r
ip link add eth0 netns a type veth peer name ra netns r
ip link add eth0 netns b type veth peer name rb netns r
ip link add eth0 netns c type veth peer name rc netns r
ip -n a addr add 10.0.1.1/24 dev eth0
ip -n b addr add 10.0.2.1/24 dev eth0
ip -n c addr add 10.0.3.1/24 dev eth0
ip -n r addr add 10.0.1.254/24 dev ra
ip -n r addr add 10.0.2.254/24 dev rb
ip -n r addr add 10.0.3.254/24 dev rc
for n in a b c r; do ip -n $n link set lo up; done
for n in a b c; do ip -n $n link set eth0 up; done
ip -n a route add default via 10.0.1.254
ip -n b route add default via 10.0.2.254
ip -n c route add default via 10.0.3.254
for d in ra rb rc; do ip -n r link set $d up; done
sleep 1
# forwarding off: the router drops what is not its own, silently
ip netns exec a ping -c 1 -W 1 10.0.2.1; echo "rc=$?"
ip netns exec a ping -c 1 10.0.2.254; echo "rc=$?"
# on for every interface
ip netns exec r sysctl -w net.ipv4.ip_forward=1
ip netns exec a ping -c 1 10.0.2.1; echo "rc=$?"
# the input interface decides: off on ra stops a->b, not b->a (its replies are dropped)
ip netns exec r sysctl -w net.ipv4.conf.ra.forwarding=0
ip netns exec a ping -c 1 -W 1 10.0.2.1; echo "rc=$?"
ip netns exec b ping -c 1 -W 1 10.0.1.1; echo "rc=$?"
ip netns exec r sysctl -w net.ipv4.conf.ra.forwarding=1
ip netns exec r sysctl -w net.ipv4.conf.rb.forwarding=0
ip netns exec a ping -c 1 -W 1 10.0.2.1; echo "rc=$?"
ip netns exec c ping -c 1 -W 1 10.0.1.1; echo "rc=$?"
ip netns exec r sysctl net.ipv4.ip_forward net.ipv4.conf.all.forwarding net.ipv4.conf.rb.forwarding
ip netns exec r sysctl -w net.ipv4.conf.rb.forwarding=1
# TTL: each hop takes one
ip netns exec a ping -c 1 10.0.2.1 | grep ttl
ip netns exec a ping -c 1 10.0.2.254 | grep ttl
ip netns exec a ping -c 1 -t 2 10.0.3.1; echo "rc=$?"
ip netns exec a ping -c 1 -t 1 10.0.3.1; echo "rc=$?"
# directed broadcast to a remote subnet and limited broadcast are not forwarded
ip netns exec a ping -c 1 -b -W 1 10.0.2.255; echo "rc=$?"
ip netns exec a ping -c 1 -b -W 1 255.255.255.255; echo "rc=$?"
# the MAC header is rewritten at each hop: neighbours each side learnt
# (states left out: which entry is still DELAY depends on the kernel's timing)
ip -n r -4 neigh show dev ra | cut -d' ' -f1-3
ip -n r -4 neigh show dev rb | cut -d' ' -f1-3
ip -n a neigh | cut -d' ' -f1-5
ip -n b neigh | cut -d' ' -f1-5
