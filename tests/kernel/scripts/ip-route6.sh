# ip -6 route: user routes (via a global or link-local gateway, device routes, blackhole and
# unreachable on lo, other tables), listing with the kernel routes addrconf installs,
# replace, delete, flush, and the kernel refusals (unreachable gateway, local gateway,
# link-local gateway without a device, no device at all, duplicates).
ip link add v0 type veth peer name v1
ip netns add peer
ip link set v1 netns peer
ip link set v0 up; ip -n peer link set v1 up
ip -6 addr add 2001:db8::1/64 dev v0 nodad
ip -6 route add 2001:db8:1::/64 via 2001:db8::2; echo rc=$?
ip -6 route add 2001:db8:2::/64 dev v0; echo rc=$?
ip -6 route add 2001:db8:3::/64 via fe80::1 dev v0 metric 10; echo rc=$?
ip -6 route add default via 2001:db8::fe; echo rc=$?
ip -6 route add blackhole 2001:db8:4::/64; echo rc=$?
ip -6 route add unreachable 2001:db8:5::/64; echo rc=$?
ip -6 route add 2001:db8:6::/64 via fe80::1; echo rc=$?
ip -6 route add 2001:db8:7::/64 via 2001:db8:99::1; echo rc=$?
ip -6 route add 2001:db8:2::/64 dev v0; echo rc=$?
ip -6 route add 2001:db8:8::/64; echo rc=$?
ip -6 route add 2001:db8:9::/64 dev v0 table 100; echo rc=$?
ip -6 route add 2001:db8:10::/64 via 2001:db8::1; echo rc=$?
ip -6 route
ip -6 route show table all
ip -6 route show table 100
ip -j -6 route show 2001:db8:1::/64
ip -6 route del 2001:db8:2::/64; echo rc=$?
ip -6 route del 2001:db8:2::/64; echo rc=$?
ip -6 route del default; echo rc=$?
ip -6 route replace 2001:db8:1::/64 via 2001:db8::3; echo rc=$?
ip -6 route
ip route add 2001:db8:11::/64 dev v0; echo rc=$?
ip -6 route flush dev v0; echo rc=$?
ip -6 route
ip -6 route add 2001:db8:12::/64 dev nosuch; echo "rc=$?"
ip -6 route add 2001:db8:12::1/64 dev v0; echo "rc=$?"
ip -6 route del 2001:db8:4::/64; echo "rc=$?"
ip -6 route show table all
