# ip route add/replace/prepend/append/change/test as fib_table_insert treats them, the
# nexthop checks (gateway reachable through a narrower-scope route, onlink, host scope,
# prefsrc), and routes following their link: down flushes them, up restores only the
# kernel's; carrier loss keeps them (linkdown); removing the addresses removes the rest.
ip link add v0 type veth peer name v1
ip link add v2 type veth peer name v3
ip addr add 10.0.0.1/24 dev v0
ip addr add 10.5.0.1/16 dev v2
ip link set lo up
for d in v0 v1 v2 v3; do ip link set $d up; done
sleep 1.5    # linkwatch carries the carriers to the routes (linkdown) within a second
ip route add 10.9.0.0/24 via 10.0.0.2
ip route prepend 10.9.0.0/24 via 10.0.0.3
ip route replace 10.9.0.0/24 via 10.0.0.2; echo "rc=$?"
ip route replace 10.9.0.0/24 via 10.0.0.3; echo "rc=$?"
ip route
ip route test 10.9.0.0/24 via 10.0.0.4; echo "rc=$?"
ip route test 10.8.0.0/24 via 10.0.0.4; echo "rc=$?"
ip route change 10.9.0.0/24 via 10.0.0.4; echo "rc=$?"
ip route
ip route append 10.9.0.0/24 via 10.0.0.4; echo "rc=$?"
ip route append 10.9.0.0/24 via 10.0.0.5; echo "rc=$?"
ip route prepend 10.9.0.0/24 via 10.0.0.5; echo "rc=$?"
ip route
ip route add 10.10.0.0/16 via 10.0.0.9 dev v2; echo "rc=$?"
ip route add 10.10.0.0/16 via 10.5.0.1; echo "rc=$?"
ip route add 10.10.0.0/16 via 10.0.0.255; echo "rc=$?"
ip route add 10.11.0.0/16 via 10.0.0.1; echo "rc=$?"
ip route add 10.12.0.0/16 via 127.0.0.1; echo "rc=$?"
ip route add 10.13.0.0/16 via 10.0.0.9 scope link; echo "rc=$?"
ip route add 10.14.0.0/16 via 10.13.0.5; echo "rc=$?"
ip route add 10.15.0.0/16 via 10.0.0.9 onlink dev v0; echo "rc=$?"
ip route add 10.16.0.0/16 via 10.0.0.1 onlink dev v0; echo "rc=$?"
ip route add 10.17.0.0/16 via 10.99.0.1 onlink dev v0; echo "rc=$?"
ip route add unreachable 10.99.0.0/16
ip route add 10.18.0.0/16 via 10.99.0.1; echo "rc=$?"
ip route add blackhole 10.98.0.0/16
ip route add 10.18.0.0/16 via 10.98.0.1; echo "rc=$?"
ip route add 10.19.0.0/16 dev v0 src 10.5.0.1; echo "rc=$?"
ip route add local 10.20.0.1 dev v0 src 10.20.0.1; echo "rc=$?"
ip route add broadcast 10.21.0.255 dev v0 scope global; echo "rc=$?"
ip route add 10.22.0.0/16 dev v0 scope host; echo "rc=$?"
ip route add 10.23.0.0/16 via 10.0.0.9 scope host; echo "rc=$?"
ip route
ip route get 10.9.0.7
ip route get 10.18.0.1; echo "rc=$?"
ip route get 10.98.0.1; echo "rc=$?"
ip link set v0 down
ip route
ip link set v0 up
ip route
ip route add 10.30.0.0/16 via 10.5.0.9
ip route add 10.31.0.0/16 dev v2
ip link set v3 down
sleep 1.5    # linkwatch reports a carrier loss up to a second later
ip route
ip route get 10.30.0.1
ip link set v3 up
ip addr flush dev v2
ip route
ip addr add 10.5.0.1/16 dev v2
ip route
