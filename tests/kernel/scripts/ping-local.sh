# ping to this host's own addresses. Local traffic goes through lo: with lo down the
# 127/8 routes do not exist (connect fails) and a local address swallows the probes;
# with lo up every local address answers, whichever device holds it. -I binds to a
# device (its own address still answers through lo, but 127.0.0.1 is then looked for on
# that device's link) or to a source address.
ip netns add a
ip link add va type veth peer name vb
ip link set va netns a
ip -n a addr add 10.0.0.1/24 dev va
ip -n a addr add 192.168.7.1/24 dev lo
ip -n a link set va up
# a device's qdisc drops what is sent before linkwatch has seen its carrier: let it settle
sleep 1

ip netns exec a ping -c 1 127.0.0.1; echo "rc=$?"
ip netns exec a ping -c 1 -W 0.5 10.0.0.1; echo "rc=$?"
ip netns exec a ping -c 1 -W 0.5 0; echo "rc=$?"
ip -n a link set lo up
ip netns exec a ping -c 2 -i 0.2 127.0.0.1; echo "rc=$?"
ip netns exec a ping -c 1 127.1.2.3; echo "rc=$?"
ip netns exec a ping -c 1 10.0.0.1; echo "rc=$?"
ip netns exec a ping -c 1 192.168.7.1; echo "rc=$?"
ip netns exec a ping -c 1 0; echo "rc=$?"
ip netns exec a ping -c 1 -I va 10.0.0.1; echo "rc=$?"
ip netns exec a ping -c 1 -I lo 127.0.0.1; echo "rc=$?"
ip netns exec a ping -c 1 -W 0.5 -I va 127.0.0.1; echo "rc=$?"
ip netns exec a ping -c 1 -I va 0; echo "rc=$?"
ip netns exec a ping -c 1 -I 10.0.0.1 10.0.0.1; echo "rc=$?"
ip netns exec a ping -c 1 -I 192.168.7.1 127.0.0.1; echo "rc=$?"
ip netns exec a ping -c 1 -s 20000 127.0.0.1; echo "rc=$?"
ip netns exec a ping -c 1 -t 1 10.0.0.1; echo "rc=$?"
ip -n a link set va down
ip netns exec a ping -c 1 10.0.0.1; echo "rc=$?"
ip netns exec a ping -c 1 -I va 10.0.0.1; echo "rc=$?"
ip netns exec a ping -c 1 10.0.0.2; echo "rc=$?"
