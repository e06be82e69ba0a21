# net-tools route: usage errors and their exit codes, netmask sanity checks, names
# (/etc/hosts, /etc/networks), mss/window/irtt metrics (also as ip route shows them),
# alias labels as devices, option parsing (-C, -F, -A, -h, -V), SIOCADDRT/SIOCDELRT errors.
ip link add v0 type veth peer name v1
ip addr add 10.0.0.1/24 dev v0
ip link set lo up
ip link set v0 up
ip link set v1 up
route add; echo "rc=$?"
route add -net; echo "rc=$?"
route bogus; echo "rc=$?"
route add -net 10.9.0.0 netmask 255.255.0.0; echo "rc=$?"
route add -net 10.9.0.1 netmask 255.255.0.0 dev v0; echo "rc=$?"
route add -net 10.9.0.0 netmask 255.0.255.0 dev v0; echo "rc=$?"
route add -host 10.9.0.0 netmask 255.255.0.0 dev v0; echo "rc=$?"
route add -net 10.9.0.0 netmask 255.255.0.0 dev nosuch; echo "rc=$?"
route add -net 10.9.0.0 netmask 255.255.0.0 gw 10.0.0.0; echo "rc=$?"
route add -net 10.9.0.0 netmask 255.255.0.0 gw bogus.example; echo "rc=$?"
route add -net bogus netmask 255.255.0.0 dev v0; echo "rc=$?"
route add -net 10.9.0.0 netmask 255.255.0.0 dev v0 extra; echo "rc=$?"
route add -net 10.9.0.0 netmask 255.255.0.0 v0; echo "rc=$?"
route add 10.8.0.0 dev v0; echo "rc=$?"
route add 10.8.1.0/24 dev v0; echo "rc=$?"
route add -net 10.10.0.0/16 gw 10.0.0.9 metric 2; echo "rc=$?"
route add -host 10.0.0.99 reject; echo "rc=$?"
route add -net 10.11.0.0/16 gw 10.0.0.9 mss 1400 window 2000 irtt 50; echo "rc=$?"
route add -net 10.12.0.0/16 dev v0 mod dyn reinstate; echo "rc=$?"
route add -net 10.13.0.0/16 gw 10.0.0.9 gw 10.0.0.8; echo "rc=$?"
route add -net 10.14.0.0/16 metric x dev v0; echo "rc=$?"
route add -net 10.15.0.0/16 gw 10.0.0.1; echo "rc=$?"
route add -net 10.16.0.0/16 gw 127.0.0.1; echo "rc=$?"
route add default dev v0; echo "rc=$?"
route add -net 10.17.0.0/33 dev v0; echo "rc=$?"
route add -net 10.18.0.0 netmask 255.255.255.255 dev v0; echo "rc=$?"
route add -net 10.19.0.0 gw 10.0.0.9; echo "rc=$?"
route add -net 0.0.0.0 netmask 0.0.0.0 gw 10.0.0.7; echo "rc=$?"
route -n; echo "rc=$?"
route -ee -n; echo "rc=$?"
route del -net 10.9.0.0 netmask 255.255.0.0 dev nosuch; echo "rc=$?"
route del 10.8.0.0; echo "rc=$?"
route del 10.8.0.0 dev v1; echo "rc=$?"
route del -net 10.10.0.0/16 metric 3; echo "rc=$?"
route del -net 10.10.0.0/16 metric 2; echo "rc=$?"
route del -host 10.0.0.99 reject; echo "rc=$?"
route del -net 10.11.0.0/16 gw 10.0.0.8; echo "rc=$?"
route del -net 10.11.0.0/16 gw 10.0.0.9; echo "rc=$?"
route flush; echo "rc=$?"
route -C; echo "rc=$?"
route -C -n; echo "rc=$?"
route -F -n; echo "rc=$?"
route -v -n; echo "rc=$?"
route -A inet -n; echo "rc=$?"
route -4 -n; echo "rc=$?"
route -A bogus; echo "rc=$?"
route -h; echo "rc=$?"
route -x; echo "rc=$?"
route -N; echo "rc=$?"
route -n; echo "rc=$?"
ip link set v0 down
route -n; echo "rc=$?"
route add -net 10.11.0.0/16 gw 10.0.0.9 mss 1400 window 2000 irtt 50; echo "rc=$?"
route add -net 10.12.0.0/16 gw 10.0.0.9 mss 63; echo "rc=$?"
route add -net 10.13.0.0/16 gw 10.0.0.9 window 100; echo "rc=$?"
route add -net 10.14.0.0/16 gw 10.0.0.9 irtt 0; echo "rc=$?"
ip route
ip -d route show 10.11.0.0/16
ip -j route show 10.11.0.0/16
route -ee -n
for n in foo foo.bar a.b.c foo.example.com localhost; do route add -host $n dev v0; echo "rc=$?"; route add -net $n netmask 255.255.0.0 dev v0; echo "rc=$?"; route add -net 10.20.0.0/16 gw $n; echo "rc=$?"; done
route add -net loopback netmask 255.0.0.0 dev lo; echo "rc=$?"
route add -net link-local netmask 255.255.0.0 dev v0; echo "rc=$?"
route add -host default dev v0; echo "rc=$?"
route add -net 127.0.0.0/8 dev v0; echo "rc=$?"
route -n
route
route add -net 10.30.0.0/16 gw 10.0.0.9 dev v0:1; echo "rc=$?"
ip addr add 10.0.0.50/24 dev v0 label v0:1
route add -net 10.30.0.0/16 gw 10.0.0.9 dev v0:1; echo "rc=$?"
route add -net 10.31.0.0/16 gw 10.0.0.9 dev v0:2; echo "rc=$?"
ip route show 10.30.0.0/16
route add -net 10.32.0.0/16 gw 10.0.0.9 dev lo; echo "rc=$?"
route add -net 10.33.0.0/16 gw 10.0.0.255; echo "rc=$?"
route add -net 10.34.0.0/16 gw 224.0.0.1; echo "rc=$?"
route add -net 10.35.0.0/16 gw 0.0.0.0; echo "rc=$?"
route add -net 224.0.0.0 netmask 240.0.0.0 dev v0; echo "rc=$?"
route add -net 10.36.0.0 netmask 255.255.0.0 metric 4294967295 dev v0; echo "rc=$?"
route add -net 10.37.0.0 netmask 255.255.0.0 metric 4294967296 dev v0; echo "rc=$?"
route add -net 10.38.0.0 netmask 255.255.0.0 metric -1 dev v0; echo "rc=$?"
route -n
ip route
