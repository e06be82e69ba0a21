#!/bin/bash
# A chain of three routers between two hosts, for traceroute:
#   h1 --10.0.1.0/24-- r1 --10.0.12.0/24-- r2 --10.0.23.0/24-- r3 --10.0.2.0/24-- h2
# Each probe's TTL ends one hop further; the router where it reaches 0 answers "time
# exceeded" from the address it would use to reach h1, and the destination answers
# "port unreachable" (UDP probes) or an echo reply (-I). The r2-r3 link has a smaller
# MTU: a packet with DF that does not fit is refused with "fragmentation needed".
set -e
for ns in h1 r1 r2 r3 h2; do
    ip netns add $ns
    ip -n $ns link set lo up
done
ip link add eth0 netns h1 type veth peer name west netns r1
ip link add east netns r1 type veth peer name west netns r2
ip link add east netns r2 type veth peer name west netns r3
ip link add east netns r3 type veth peer name eth0 netns h2
ip -n h1 addr add 10.0.1.1/24 dev eth0
ip -n r1 addr add 10.0.1.254/24 dev west
ip -n r1 addr add 10.0.12.1/24 dev east
ip -n r2 addr add 10.0.12.2/24 dev west
ip -n r2 addr add 10.0.23.2/24 dev east
ip -n r3 addr add 10.0.23.3/24 dev west
ip -n r3 addr add 10.0.2.254/24 dev east
ip -n h2 addr add 10.0.2.1/24 dev eth0
ip -n r2 link set east mtu 1400
ip -n r3 link set west mtu 1400
for ns in h1 h2; do ip -n $ns link set eth0 up; done
for ns in r1 r2 r3; do
    ip -n $ns link set west up
    ip -n $ns link set east up
    ip netns exec $ns sysctl -qw net.ipv4.ip_forward=1
done
ip -n h1 route add default via 10.0.1.254
ip -n h2 route add default via 10.0.2.254
ip -n r1 route add default via 10.0.12.2
ip -n r2 route add 10.0.1.0/24 via 10.0.12.1
ip -n r2 route add 10.0.2.0/24 via 10.0.23.3
ip -n r3 route add default via 10.0.23.2
sleep 1
ip netns exec h1 traceroute -n 10.0.2.1
# the same with ICMP echo requests
ip netns exec h1 traceroute -n -I 10.0.2.1
# ping with a TTL too small: the router where it runs out says so. Each router has
# just answered six probes to h1, its whole burst of ICMP errors (icmp_ratelimit: one
# a second, six at most in a row): give them a second.
sleep 1
for ttl in 1 2 3; do
    ip netns exec h1 ping -c 1 -t $ttl 10.0.2.1 | grep From || true
done
# a destination no router knows: r2 answers "net unreachable" (!N). Such an answer
# costs r2 two seconds of tokens (ip_error's limit, then icmp_send's): wait for them.
sleep 2
ip netns exec h1 traceroute -n -q 1 -w 1 10.0.9.1
# too big for the r2-r3 link with DF: "Frag needed", and h1 lowers its path MTU
ip netns exec h1 ping -c 1 -s 1400 -M do 10.0.2.1 || true
sleep 1.5
ip -n h1 route get 10.0.2.1
ip netns exec h1 ping -c 1 -s 1400 10.0.2.1
# without DF, r2 fragments
ip netns exec h1 ping -c 1 -s 1400 -M dont 10.0.2.1
