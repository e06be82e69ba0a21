# Containers on macvlans of the host's NIC (v0; the LAN is namespace lan at its peer).
# Bridge mode: containers reach each other directly and the LAN through v0; the host
# cannot reach them. VEPA: nothing between them without a hairpinning switch. Counters
# show what crossed v0 (IPv6 is off: vnet sends no IPv6 packets).
ip netns add lan
ip netns add c1
ip netns add c2
# no IPv6 (vnet sends no IPv6 packets, so the counters below would differ by them)
for ns in lan c1 c2; do
  ip netns exec $ns sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
done
sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
ip link add v0 address 02:00:00:00:00:01 type veth peer name v1 address 02:00:00:00:00:fe netns lan
ip -n lan addr add 10.0.0.254/24 dev v1
ip -n lan link set v1 up
ip addr add 10.0.0.10/24 dev v0
ip link set v0 up
ip link add link v0 name mv1 address 02:00:00:00:00:11 type macvlan mode bridge
ip link add link v0 name mv2 address 02:00:00:00:00:12 type macvlan mode bridge
ip link set mv1 netns c1
ip link set mv2 netns c2
ip link show
ip -n c1 link show mv1
ip -n c1 addr add 10.0.0.11/24 dev mv1
ip -n c2 addr add 10.0.0.12/24 dev mv2
ip -n c1 link set mv1 up
ip -n c2 link set mv2 up
ip -n c1 link show mv1
ip -d link show v0 | grep -o "promiscuity [0-9]*"
ip netns exec c1 ping -c 2 10.0.0.12
ip netns exec c1 ping -c 1 10.0.0.254
ip netns exec lan ping -c 1 10.0.0.12
ip -n c1 neigh
ip -n lan neigh
ip -s link show v0
ip -n c1 -s link show mv1
ip -n c2 -s link show mv2
# the host cannot reach its own macvlans: its frames leave by v0, never to mv1
ping -c 1 -W 1 10.0.0.11
sleep 4.5
ip neigh show dev v0
ip -n c1 link set mv1 type macvlan mode vepa
ip -n c2 link set mv2 type macvlan mode vepa
ip -n c1 neigh flush dev mv1
# vepa: everything leaves by v0 and the LAN side does not send it back (no hairpin)
ip netns exec c1 ping -c 1 -W 1 10.0.0.12
sleep 5
ip -n c1 neigh show 10.0.0.12
ip -n c1 link set mv1 type macvlan mode private
ip netns exec c1 ping -c 1 -W 1 10.0.0.254
sleep 5
ip -n c1 -s link show mv1
ip -n c2 -s link show mv2
ip link set v0 down
ip -n c1 link show mv1
ip link del v0
ip -n c1 link show
