# IPv6 configuration sysctls and device events: disable_ipv6 on one device and on all,
# addr_gen_mode (none, random, refused values), forwarding (all-routers groups and
# subnet-router anycast), an MTU below 1280, and the link-layer multicast list the
# bridge command shows for each step. Link-local addresses are masked.
# The fixed MACs give EUI-64 link-local addresses near the bottom of fe80::/64, so the random
# address addr_gen_mode=3 makes sorts after them in the kernel's route dump (ordered
# by address) in both backends: with 02:11:22:33:44:xx one kernel run in CI drew a
# random address below fe80::11:22ff:fe33:4466 and listed the routes in another order.
ip link add v0 type veth peer name v1
ip link set v0 address 02:00:00:00:00:01
ip link set v1 address 02:00:00:00:00:02
bridge fdb show dev v0
ip link set v0 up
bridge fdb show dev v0
ip link set v1 up
sleep 2.5
sysctl -w net.ipv6.conf.v0.disable_ipv6=1
ip addr show v0
ip -6 route show table all
bridge fdb show dev v0
ip maddr show dev v0
sysctl -w net.ipv6.conf.v0.disable_ipv6=0
# the kernel joins the new address's solicited-node group from its DAD work item, which
# a loaded machine may not have run by the next command: give it a moment
sleep 0.2
ip addr show v0
bridge fdb show dev v0
sysctl -w net.ipv6.conf.all.disable_ipv6=1
sysctl net.ipv6.conf.default.disable_ipv6 net.ipv6.conf.v1.disable_ipv6
ip -6 addr
ip -6 route show table all
sysctl -w net.ipv6.conf.all.disable_ipv6=0
ip -6 route show table all
sleep 2.5
sysctl -w net.ipv6.conf.v0.addr_gen_mode=1
ip -6 addr show dev v0
sysctl -w net.ipv6.conf.v0.addr_gen_mode=3
ip -6 addr show dev v0
sysctl -w net.ipv6.conf.v0.addr_gen_mode=4; echo "rc=$?"
sysctl -w net.ipv6.conf.v1.addr_gen_mode=2; echo "rc=$?"
sysctl net.ipv6.conf.v0.addr_gen_mode net.ipv6.conf.v1.addr_gen_mode
sleep 0.2
bridge fdb show dev v0
sleep 2.5
sysctl -w net.ipv6.conf.all.forwarding=1
sysctl net.ipv6.conf.default.forwarding net.ipv6.conf.v1.forwarding
bridge fdb show dev v1
ip maddr show dev v1
ip -6 route show table local
sysctl -w net.ipv6.conf.all.forwarding=0
bridge fdb show dev v1
ip -6 route show table local
ip link set v1 mtu 1200
ip addr show v1
bridge fdb show dev v1
ls /proc/sys/net/ipv6/conf/
ip link set v1 mtu 1500
sleep 0.2
ip -6 addr show dev v1
bridge fdb show dev v1
sysctl net.ipv6.conf.v1.mtu
