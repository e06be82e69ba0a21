# STP on: a lone bridge is the root, its ports listen, learn, then forward (one forward
# delay each); the root flags a topology change and ages its table at 2 x forward delay
ip link add br0 type bridge
ip link add veth0 address 02:00:00:00:00:10 type veth peer name veth1 address 02:00:00:00:00:11
ip link set veth0 master br0
brctl setfd br0 4
brctl stp br0 on
ip link set br0 up; ip link set veth0 up; ip link set veth1 up
sleep 2
bridge link
ip link show br0 | head -1
cat /sys/class/net/br0/bridge/stp_state /sys/class/net/veth0/brport/state
sleep 4
bridge link
ip link show br0 | head -1
sleep 4
bridge link
ip link show br0 | head -1
brctl showstp br0
cat /sys/class/net/br0/bridge/topology_change /sys/class/net/br0/bridge/ageing_time
brctl show
brctl stp br0 off
bridge link
cat /sys/class/net/br0/bridge/ageing_time /sys/class/net/br0/bridge/stp_state
bridge link set dev veth0 state 1
bridge link show dev veth0
brctl stp br0 on
bridge link set dev veth0 state 3; echo "rc=$?"
