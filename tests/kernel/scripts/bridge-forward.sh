# two hosts on a bridge: learning, forwarding, counters on the bridge and its ports, ageing
sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
for n in h1 h2; do
  ip netns add $n
  ip netns exec $n sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
done
# without snooping the bridge joins no group, so it sends no IGMP report
ip link add br0 type bridge mcast_snooping 0
ip link add p1 address 02:00:00:00:00:a1 type veth peer name e1 netns h1 address 02:00:00:00:01:01
ip link add p2 address 02:00:00:00:00:a2 type veth peer name e2 netns h2 address 02:00:00:00:02:02
ip link set p1 master br0
ip link set p2 master br0
ip -n h1 addr add 10.0.0.1/24 dev e1
ip -n h2 addr add 10.0.0.2/24 dev e2
ip addr add 10.0.0.254/24 dev br0
ip link set br0 up; ip link set p1 up; ip link set p2 up
ip -n h1 link set e1 up; ip -n h2 link set e2 up
sleep 1
ip link show br0 | head -1
bridge link
ip netns exec h1 ping -c 2 -i 0.2 10.0.0.2 | grep -c "bytes from"
bridge fdb show br br0 | grep -v " self "
brctl showmacs br0
ip netns exec h2 ping -c 1 10.0.0.254 | grep -c "bytes from"
ifconfig br0 | grep -E "packets"
ifconfig p1 | grep -E "packets"
ifconfig p2 | grep -E "packets"
cat /sys/class/net/br0/statistics/rx_bytes /sys/class/net/br0/statistics/tx_bytes
ip -n h1 neigh flush all; ip -n h2 neigh flush all
# ageing: 2 s, entries go, the collector runs at once when the time changes
brctl setageing br0 2
cat /sys/class/net/br0/bridge/ageing_time
sleep 3
bridge fdb show br br0 | grep -v " self "
ip netns exec h2 ping -c 1 10.0.0.1 | grep -c "bytes from"
bridge fdb show br br0 | grep -v " self "
ip link set br0 type bridge ageing_time 0
bridge fdb show br br0 | grep -v " self "
ip netns exec h2 ping -c 1 10.0.0.1 | grep -c "bytes from"
bridge fdb show br br0 | grep -v " self "
brctl setageing br0 300
# a port going down forgets what was learned on it
ip netns exec h1 ping -c 1 10.0.0.2 | grep -c "bytes from"
bridge fdb show br br0 | grep -v " self "
ip link set p2 down
bridge fdb show br br0 | grep -v " self "
bridge link
ip link show br0 | head -1
ip link set p1 down
ip link show br0 | head -1
