# net-tools route: the table as route -n / route / -e / -ee print it, add and del of
# -net/-host routes with netmask, /prefix, gw, metric, dev and reject, default routes,
# and the kernel's answers (File exists, No such process, Network is unreachable).
ip link add v0 type veth peer name v1
ip link add v2 type veth peer name v3
ip addr add 10.0.0.1/24 dev v0
ip addr add 192.168.5.1/16 dev v2
ip link set lo up
ip link set v0 up
ip link set v1 up
ip link set v2 up
route; echo "rc=$?"
route -n; echo "rc=$?"
route add default gw 10.0.0.254; echo "rc=$?"
route add -net 10.1.0.0 netmask 255.255.0.0 gw 10.0.0.2; echo "rc=$?"
route add -net 10.2.0.0/16 dev v0; echo "rc=$?"
route add -host 10.3.0.1 gw 10.0.0.3; echo "rc=$?"
route add -host 10.3.0.2 dev v0; echo "rc=$?"
route add -net 10.4.0.0 netmask 255.255.0.0 gw 10.0.0.4 metric 5; echo "rc=$?"
route add -net 10.5.0.0 netmask 255.255.0.0 reject; echo "rc=$?"
route add -net 10.6.0.0 netmask 255.255.0.0 gw 10.0.0.6 dev v0; echo "rc=$?"
route add -net 169.254.0.0 netmask 255.255.0.0 dev v0; echo "rc=$?"
route add -net 10.7.0.0 netmask 255.255.0.0 gw 10.9.9.9; echo "rc=$?"
route add -net 10.1.0.0 netmask 255.255.0.0 gw 10.0.0.2; echo "rc=$?"
route add -net 10.1.0.0 netmask 255.255.0.0 gw 10.0.0.5; echo "rc=$?"
route -n; echo "rc=$?"
route; echo "rc=$?"
route -e; echo "rc=$?"
route -ee; echo "rc=$?"
route -n -e; echo "rc=$?"
ip route
route del -net 10.1.0.0 netmask 255.255.0.0 gw 10.0.0.5; echo "rc=$?"
route del -net 10.1.0.0 netmask 255.255.0.0; echo "rc=$?"
route del -net 10.1.0.0 netmask 255.255.0.0; echo "rc=$?"
route del default; echo "rc=$?"
route del default; echo "rc=$?"
route del -host 10.3.0.1; echo "rc=$?"
route del -net 10.5.0.0 netmask 255.255.0.0 reject; echo "rc=$?"
route -n; echo "rc=$?"
ip route add blackhole 10.40.0.0/16
ip route add prohibit 10.41.0.0/16
ip route add unreachable 10.42.0.0/16
ip route add throw 10.43.0.0/16
ip route add 10.44.0.0/16 via 10.0.0.9 metric 7
ip route add 10.45.0.0/16 dev v0 table 100
cat /proc/net/route
route -n
route -ee -n
route add default reject; echo "rc=$?"
route
ip route
route del default; echo "rc=$?"
route del default reject; echo "rc=$?"
route -n
