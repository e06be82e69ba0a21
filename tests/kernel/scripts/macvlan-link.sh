# macvlan devices: creation (default vepa mode, random or given address, on a macvlan =
# on its lower device), ip -d/-j details, carrier and M-DOWN following the lower device,
# the refusals (passthru beside others, no link, unknown mode, lower joining a bridge,
# MTU above the lower's, loopback), the MTU cap, mode changes, deletion with the lower.
ip link add v0 type veth peer name v1
ip link add link v0 name mv0 type macvlan
ip link add link v0 name mv1 address 02:00:00:00:00:11 type macvlan mode bridge
ip link show
ip -d link show mv0
ip -d link show mv1
ip -j -d link show mv1
ip -d link show v0 | head -3
ip link set mv0 up
ip link show mv0
ip link set v0 up
ip link show mv0
ip link set v1 up
sleep 0.2
ip link show mv0
ip link show v0
ip link add link v0 name mv2 type macvlan mode private
ip link add link v0 name mv3 type macvlan mode passthru; echo rc=$?
ip link add link mv0 name mv4 type macvlan; echo rc=$?
ip -d link show mv4 | head -3
ip link add link nope name mv5 type macvlan; echo rc=$?
ip link add mv6 type macvlan; echo rc=$?
ip link add link v0 name mv7 type macvlan mode foo; echo rc=$?
ip link add br0 type bridge
ip link set v0 master br0; echo rc=$?
ip -d link show v0 | grep -o "promiscuity [0-9]*"
ip link set mv1 mtu 1600; echo rc=$?
ip link set mv1 mtu 1400
ip link set v0 mtu 1300
ip link show mv1
ip link add lo0 link lo type macvlan; echo rc=$?
ip link add link v0 type macvlan
ip link set mv1 type macvlan mode passthru; echo rc=$?
ip link set mv1 type macvlan mode private bcqueuelen 3000; echo rc=$?
ip -d link show mv1 | sed -n 3p
ip link del v0
ip link show
