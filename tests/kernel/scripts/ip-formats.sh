# Output format corners: brief JSON, details in ip addr, human-readable counters, -o with
# stats, numeric names, the netns id in JSON, and colour on addresses and states.
ip link add v0 address 02:00:00:00:00:01 type veth peer name v1 address 02:00:00:00:00:02
ip addr add 10.0.0.1/24 dev v0
ip addr add 10.0.0.2/24 dev v1
ip -br -j link
ip -br -j -p link show v0
ip -br -j addr
ip -br -4 -j addr show v0
ip -d addr show v0
ip -d -j addr show v1
ip -s -h link show v0
ip -s -iec -h link show v0
ip -o -s link show v0
ip -N link show lo
ip -c addr show v0
ip -c -br addr show v0
ip -c -br link show v0
ip -c route show table local
ip link set v0 up
ip link set v1 up
ip -c -4 -br addr
ip -c link show v0
ip -4 -o addr show up
ip -j -4 -o addr show v0
ip -br -4 addr show up
ip netns add n1
ip link set v1 netns n1
ip -j link show v0
ip -j -p -n n1 link show v1
ip -br link show v0
