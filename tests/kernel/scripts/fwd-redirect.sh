# ICMP redirects (RFC 1122 3.2.2.2, RFC 1812 5.2.7.2): r forwards a's packets out of the
# interface they came in on to s, a next hop on a's subnet, so it tells a. a accepts
# (accept_redirects, a host): the first redirect only resolves s, the second installs
# the exception; then a sends to s directly, and ip route get shows it.
ip link add br0 type bridge
ip link set br0 up
for n in a r s t; do ip netns add $n; ip link add p$n type veth peer name eth0 netns $n; ip link set p$n master br0; ip link set p$n up; ip -n $n link set eth0 up; ip -n $n link set lo up; done
ip -n a addr add 10.0.0.1/24 dev eth0
ip -n r addr add 10.0.0.254/24 dev eth0
ip -n s addr add 10.0.0.253/24 dev eth0
ip netns exec r sysctl -qw net.ipv4.ip_forward=1
ip netns exec s sysctl -qw net.ipv4.ip_forward=1
ip -n s link add d0 type veth peer name d1 netns t
ip -n s addr add 10.9.0.254/24 dev d0
ip -n t addr add 10.9.0.1/24 dev d1
ip -n s link set d0 up
ip -n t link set d1 up
ip -n t route add default via 10.9.0.254
ip -n a route add default via 10.0.0.254
ip -n r route add 10.9.0.0/24 via 10.0.0.253
sleep 1
ip netns exec a ping -c 3 -i 0.2 10.9.0.1; echo "rc=$?"
sleep 1.5    # the expiry shows in whole seconds: stay clear of the edge
ip -n a route get 10.9.0.1
ip -n a route show cache
ip -n a route get 10.9.0.7
ip netns exec a ping -c 2 -i 0.2 10.9.0.1; echo "rc=$?"
ip -n a neigh
ip -n a route flush cache
ip -n a route get 10.9.0.1
ip netns exec a ping -c 1 10.9.0.1 | grep -v time
sleep 1.5
ip -n a route show cache
