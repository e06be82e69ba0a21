# Fragmentation (RFC 791 3.2) on the way and reassembly at the ends: a's 2000-byte
# echo request leaves in two fragments (MTU 1500); r forwards them onto a 1000-byte MTU
# link, cutting the first one again (DF clear); b reassembles the three pieces and its
# reply leaves in three fragments, which r forwards as they are and a reassembles. The
# packet counters of each interface show the pieces. IPv6 is off so that only IPv4
# counts.
for n in a r b; do ip netns add $n; ip netns exec $n sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1; done
ip link add eth0 netns a type veth peer name ra netns r
ip link add eth0 netns b type veth peer name rb netns r
ip -n a addr add 10.0.1.1/24 dev eth0
ip -n b addr add 10.0.2.1/24 dev eth0
ip -n r addr add 10.0.1.254/24 dev ra
ip -n r addr add 10.0.2.254/24 dev rb
ip -n r link set rb mtu 1000
ip -n b link set eth0 mtu 1000
for n in a b r; do ip -n $n link set lo up; done
ip -n a link set eth0 up
ip -n b link set eth0 up
ip -n r link set ra up
ip -n r link set rb up
ip -n a route add default via 10.0.1.254
ip -n b route add default via 10.0.2.254
ip netns exec r sysctl -qw net.ipv4.ip_forward=1
sleep 1
ip netns exec a ping -c 1 -M dont -s 2000 10.0.2.1; echo "rc=$?"
ip -s -n a link show eth0
ip -s -n r link show ra
ip -s -n r link show rb
ip -s -n b link show eth0
# DF: refused locally (the device MTU; ping gives up after its 1 s receive timeout) or
# by r (the next hop MTU); what fits the 1000-byte link passes
ip netns exec a ping -c 1 -M do -s 2000 10.0.2.1; echo "rc=$?"
ip -s -n a link show eth0 | tail -3
ip netns exec a ping -c 1 -M do -s 1200 10.0.2.1; echo "rc=$?"
ip -s -n a link show eth0 | tail -3
ip netns exec a ping -c 1 -M do -s 972 10.0.2.1; echo "rc=$?"
ip -s -n a link show eth0 | tail -3
# a large ping with TTL 1: its three fragments expire at r, which answers the first
# one only (RFC 1812 4.3.2.7: no ICMP error about a non-initial fragment)
ip netns exec a ping -c 1 -M dont -s 3000 -t 1 10.0.2.1; echo "rc=$?"
ip -s -n a link show eth0
ip -s -n r link show ra
