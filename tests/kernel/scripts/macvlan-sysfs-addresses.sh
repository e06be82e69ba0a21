# macvlan addresses and sysfs: iflink, upper_/lower_ links, an address the port already
# uses refused (even while down), moving a macvlan to another namespace.
ip link add v0 type veth peer name v1
ip link add link v0 name mv0 address 02:00:00:00:00:11 type macvlan mode bridge
ip link add link v0 name mv1 type macvlan
for f in iflink ifindex type addr_assign_type address mtu operstate tx_queue_len flags; do echo "$f $(cat /sys/class/net/mv0/$f)"; done
cat /sys/class/net/mv1/addr_assign_type
ls /sys/class/net
ls /sys/class/net/v0 | grep -c upper
ip link set mv0 up
ip link set mv1 address 02:00:00:00:00:11
ip link set mv1 up; echo rc=$?
ip link set mv1 address 02:00:00:00:00:12
ip link set mv1 up; echo rc=$?
ip link set mv1 address 02:00:00:00:00:11; echo rc=$?
ip -br link
ip link set mv0 netns 1; echo rc=$?
ip netns add c
ip link set mv0 netns c
ip -n c -br link
ip -n c -d link show mv0
ip link del v1
ip -n c link
