# STP on two bridges in a loop, then the root turns STP off: it stops sending BPDUs
# and, with STP off, floods the other bridge's BPDUs back to it. The other bridge's
# recorded root information ages out (max age) and it becomes the root itself.
ip netns add a
ip netns add b
ip -n a link add br0 address 02:00:00:00:00:0a type bridge stp_state 1 forward_delay 400 max_age 600
ip -n b link add br0 address 02:00:00:00:00:0b type bridge stp_state 1 forward_delay 400
ip link add a1 address 02:00:00:00:01:0a netns a type veth peer name b1 address 02:00:00:00:01:0b netns b
ip link add a2 address 02:00:00:00:02:0a netns a type veth peer name b2 address 02:00:00:00:02:0b netns b
for ns in a b; do
  ip -n $ns link set ${ns}1 master br0
  ip -n $ns link set ${ns}2 master br0
  ip -n $ns link set br0 up
  ip -n $ns link set ${ns}1 up
  ip -n $ns link set ${ns}2 up
done
sleep 11
ip netns exec b bridge link
ip netns exec b cat /sys/class/net/br0/bridge/root_id
ip netns exec a brctl stp br0 off
ip netns exec a bridge link
ip netns exec a brctl showstp br0 | grep -E "designated root|root port|flags"
sleep 3
ip netns exec b bridge link
ip netns exec b cat /sys/class/net/br0/bridge/root_id
sleep 5
ip netns exec b bridge link
ip netns exec b cat /sys/class/net/br0/bridge/root_id /sys/class/net/br0/bridge/root_port
# A port's CONFIG_PENDING comes and goes within a hold time (1 s) of a reply,
# at moments set by round_jiffies on the wall clock: only the bridge's flags are shown.
ip netns exec b brctl showstp br0 | grep -E "designated root|root port|flags.*TOPOLOGY|state"
sleep 10
ip netns exec a bridge link
ip netns exec b bridge link
ip netns exec b brctl showstp br0 | grep -E "designated root|root port|state"
ip -n b link set br0 type bridge hello_time 100 max_age 4000 forward_delay 3000
ip -n b -d link show br0 | grep -o "forward_delay [0-9]* hello_time [0-9]* max_age [0-9]*"
ip netns exec b brctl showstp br0 | grep -E "max age|hello time|forward delay"
