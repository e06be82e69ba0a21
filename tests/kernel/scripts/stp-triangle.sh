# Three bridges in a triangle, one per namespace: c has the best (lowest) priority and
# becomes the root, a and b reach it directly, and the a-b segment is blocked at the
# port of the bridge with the higher id (b). Then a topology change (TCN up to the
# root, TC flag back down), and the root falling silent (its message age runs out).
for ns in a b c; do
  ip netns add $ns
done
ip -n a link add br0 address 02:00:00:00:00:0a type bridge forward_delay 400
ip -n b link add br0 address 02:00:00:00:00:0b type bridge forward_delay 400
ip -n c link add br0 address 02:00:00:00:00:0c type bridge forward_delay 400 max_age 600 priority 4096
ip link add ab address 02:00:00:00:0a:0b netns a type veth peer name ba address 02:00:00:00:0b:0a netns b
ip link add bc address 02:00:00:00:0b:0c netns b type veth peer name cb address 02:00:00:00:0c:0b netns c
ip link add ca address 02:00:00:00:0c:0a netns c type veth peer name ac address 02:00:00:00:0a:0c netns a
ip -n a link set ab master br0
ip -n a link set ac master br0
ip -n b link set ba master br0
ip -n b link set bc master br0
ip -n c link set ca master br0
ip -n c link set cb master br0
for ns in a b c; do
  ip netns exec $ns brctl stp br0 on
  ip -n $ns link set br0 up
done
ip -n a link set ab up; ip -n a link set ac up
ip -n b link set ba up; ip -n b link set bc up
ip -n c link set ca up; ip -n c link set cb up
sleep 1
for ns in a b c; do ip netns exec $ns bridge link; done
sleep 10
for ns in a b c; do ip netns exec $ns bridge link; done
ip netns exec b brctl showstp br0
ip -n b -d link show ba | grep -o "designated_[a-z]* [^ ]*"
ip -n b -d link show br0 | grep -o "designated_root [^ ]* root_port [0-9]* root_path_cost [0-9]*"
ip -n b -j -d link show br0
for ns in a b c; do
  ip netns exec $ns cat /sys/class/net/br0/bridge/root_id /sys/class/net/br0/bridge/root_port /sys/class/net/br0/bridge/root_path_cost
  ip netns exec $ns cat /sys/class/net/br0/bridge/max_age /sys/class/net/br0/bridge/topology_change /sys/class/net/br0/bridge/topology_change_detected
done
sleep 12
for ns in a b c; do ip netns exec $ns cat /sys/class/net/br0/bridge/topology_change /sys/class/net/br0/bridge/ageing_time; done
ip -n a link set ac down
sleep 2
for ns in a b c; do ip netns exec $ns bridge link; done
for ns in a b c; do ip netns exec $ns cat /sys/class/net/br0/bridge/topology_change /sys/class/net/br0/bridge/topology_change_detected /sys/class/net/br0/bridge/ageing_time; done
ip netns exec a brctl showstp br0 | grep -E "root port|flags|state"
sleep 10
for ns in a b c; do ip netns exec $ns bridge link; done
ip netns exec c brctl setbridgeprio br0 61440
sleep 1
for ns in a b c; do ip netns exec $ns cat /sys/class/net/br0/bridge/root_id /sys/class/net/br0/bridge/root_port; done
sleep 10
for ns in a b c; do ip netns exec $ns bridge link; done
ip netns exec b brctl setpathcost br0 bc 50
sleep 10
for ns in a b c; do ip netns exec $ns bridge link; done
ip netns exec b cat /sys/class/net/br0/bridge/root_path_cost /sys/class/net/br0/bridge/root_port
