# ip route: kernel routes (linkdown, local table), add/del/replace/append/prepend/change of
# unicast, gateway, blackhole/unreachable/prohibit/throw routes with metric/src/proto/
# scope/table, listing selectors and formats, get, flush, and the kernel's refusals.
ip link add v0 type veth peer name v1
ip link add v2 type veth peer name v3
ip addr add 10.0.0.1/24 dev v0
ip addr add 10.0.0.2/24 dev v1
ip addr add 10.5.0.1/16 dev v2
ip link set v0 up
ip route
ip -4 route show table all
ip link set v1 up
ip link set v2 up
ip link set lo up
ip route
ip route add default via 10.0.0.254; echo "rc=$?"
ip route add 10.1.0.0/16 via 10.0.0.3 dev v0 metric 100; echo "rc=$?"
ip route add 10.2.0.0/16 dev v0 proto static scope link src 10.0.0.1; echo "rc=$?"
ip route add blackhole 10.3.0.0/16; echo "rc=$?"
ip route add unreachable 10.4.0.0/16; echo "rc=$?"
ip route add prohibit 10.6.0.0/16 metric 5; echo "rc=$?"
ip route add throw 10.7.0.0/16; echo "rc=$?"
ip route add 10.8.0.0/24 via 10.0.0.9 table 100; echo "rc=$?"
ip route add 10.8.0.0/24 via 10.5.0.9 table 1000 proto 42; echo "rc=$?"
ip route add 192.168.0.0/16 via 10.0.0.9 proto bird; echo "rc=$?"
ip route add 172.16.0.0/12 via 10.0.0.9 onlink dev v2; echo "rc=$?"
ip route add 10.9.0.0/24 dev v0 metric 10; echo "rc=$?"
ip route append 10.9.0.0/24 dev v1 metric 10; echo "rc=$?"
ip route prepend 10.9.0.0/24 dev v2 metric 10; echo "rc=$?"
ip route add 10.9.0.0/24 dev v2 metric 20; echo "rc=$?"
ip route add to unicast 10.10.0.0/16 dev v0; echo "rc=$?"
ip route add local 10.11.0.1 dev v0; echo "rc=$?"
ip route add 10.12.0.0/16 via 10.0.0.1; echo "rc=$?"
ip route
ip route show table all
ip -d route
ip -4 route show table 100
ip route show table 1000
ip route show table local
ip route show table main
ip -j route
ip -j -p route show table 100
ip -o route show table 100
ip route show dev v0
ip route show proto kernel
ip route show proto static
ip route show type blackhole
ip route show type unreachable
ip route show scope link
ip route show metric 10
ip route show 10.1.0.0/16
ip route show exact 10.9.0.0/24
ip route show root 10.0.0.0/8
ip route show match 10.1.2.3
ip route show default
ip route show via 10.0.0.9
ip route show src 10.0.0.1
ip route list table default
ip route get 10.0.0.2
ip route get 10.1.2.3
ip route get 8.8.8.8
ip route get 127.0.0.1
ip route get 10.0.0.1
ip route get 10.0.0.255
ip route get 10.0.0.2 from 10.0.0.1
ip route get 10.8.0.1
ip route get 10.9.0.7
ip route get 10.5.1.1 oif v2
ip route get 10.5.1.1/24
ip -j route get 10.1.2.3
ip -j route get 10.0.0.1
ip route get 10.3.1.1; echo "rc=$?"
ip route get 10.4.1.1; echo "rc=$?"
ip route get 10.6.1.1; echo "rc=$?"
ip route replace 10.1.0.0/16 via 10.0.0.4 dev v0 metric 100; echo "rc=$?"
ip route replace 10.13.0.0/16 dev v1; echo "rc=$?"
ip route change 10.13.0.0/16 dev v0; echo "rc=$?"
ip route change 10.14.0.0/16 dev v0; echo "rc=$?"
ip route del 10.2.0.0/16; echo "rc=$?"
ip route del default; echo "rc=$?"
ip route del 10.9.0.0/24 dev v1; echo "rc=$?"
ip route del 10.9.0.0/24 metric 20; echo "rc=$?"
ip route del blackhole 10.3.0.0/16; echo "rc=$?"
ip route del 10.8.0.0/24 table 100; echo "rc=$?"
ip route
ip route flush table 1000; echo "rc=$?"
ip route show table 1000
ip -s route flush dev v1; echo "rc=$?"
ip -s route flush dev v1; echo "rc=$?"
ip route flush cache; echo "rc=$?"
ip route
ip link set v2 down
ip route
ip route show table local
ip addr del 10.0.0.1/24 dev v0
ip route

# errors
ip route add 10.20.0.0/16 via 10.0.0.254; echo "rc=$?"
ip route add 10.20.0.0/16 via 192.168.7.1; echo "rc=$?"
ip route add 10.20.0.0/16 via 10.0.0.2 dev v2; echo "rc=$?"
ip route add 10.20.0.0/16 dev nosuch; echo "rc=$?"
ip route add 10.20.0.0/16 dev v2; echo "rc=$?"
ip route add 10.20.0.0/16; echo "rc=$?"
ip route add 10.20.0.0/16 dev v1 src 10.99.0.1; echo "rc=$?"
ip route add 10.20.0.1/16 dev v1; echo "rc=$?"
ip route add 10.20.0.0/33 dev v1; echo "rc=$?"
ip route add blackhole 10.20.0.0/16 dev v1; echo "rc=$?"
ip route add 10.20.0.0/16 via 10.0.0.9 onlink; echo "rc=$?"
ip route add 10.20.0.0/16 dev v1 onlink; echo "rc=$?"
ip route add 10.20.0.0/16 dev v1 metric x; echo "rc=$?"
ip route add 10.20.0.0/16 dev v1 table foo; echo "rc=$?"
ip route add 10.20.0.0/16 dev v1 scope foo; echo "rc=$?"
ip route add 10.20.0.0/16 dev v1 proto foo; echo "rc=$?"
ip route add 10.20.0.0/16 via 10.0.0.9 via 10.0.0.8; echo "rc=$?"
ip route add 10.20.0.0/16 10.21.0.0/16 dev v1; echo "rc=$?"
ip route add dev v1; echo "rc=$?"
ip route add 10.13.0.0/16 dev v1; echo "rc=$?"
ip route del 10.30.0.0/16; echo "rc=$?"
ip route del 10.13.0.0/16 dev v1; echo "rc=$?"
ip route show table foo; echo "rc=$?"
ip route show dev nosuch; echo "rc=$?"
ip route show type foo; echo "rc=$?"
ip route flush; echo "rc=$?"
ip route get; echo "rc=$?"
ip route get 10.0.0.1 oif nosuch; echo "rc=$?"
ip route get bogus; echo "rc=$?"
ip route
