# passthru: one macvlan takes over the host NIC (v0) and its MAC for a container:
# every unicast frame is its, the lower is promiscuous, no second macvlan, the mode
# cannot change, the lower's address and MTU changes reach it.
ip netns add lan
ip netns add c1
for ns in lan c1; do
  ip netns exec $ns sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
done
sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
ip link add v0 address 02:00:00:00:00:01 type veth peer name v1 address 02:00:00:00:00:fe netns lan
ip -n lan addr add 10.0.0.254/24 dev v1
ip -n lan link set v1 up
ip link set v0 up
ip link add link v0 name mp0 type macvlan mode passthru
ip link add link v0 name mp1 type macvlan; echo "rc=$?"
ip -d link show mp0
ip -d link show v0 | grep -o "promiscuity [0-9]*"
ip link set mp0 netns c1
ip -n c1 addr add 10.0.0.11/24 dev mp0
ip -n c1 link set mp0 up
ip -d link show v0 | grep -o "promiscuity [0-9]*"
ip -n c1 link show mp0
ip netns exec lan ping -c 2 10.0.0.11
ip netns exec c1 ping -c 1 10.0.0.254
ip -n lan neigh
ip -s link show v0
ip -n c1 -s link show mp0
ip link set v0 address 02:00:00:00:00:02
ip -n c1 link show mp0
ip -n c1 link set mp0 type macvlan mode bridge; echo "rc=$?"
ip link set v0 mtu 1400
ip -n c1 link show mp0
ip link del v0
ip -n c1 link show
