# Refusals and their exact words: macvlan options (incomplete, invalid, nopromisc outside
# passthru, help), addresses, MTU, names, passthru on a port in use, a lower without
# Ethernet; STP setters out of 802.1D's ranges (brctl, bridge link, sysfs).
ip link add v0 type veth peer name v1
ip link add link v0 name m0 type macvlan mode; echo rc=$?
ip link add link v0 name m0 type macvlan bcqueuelen; echo rc=$?
ip link add link v0 name m0 type macvlan bcqueuelen abc; echo rc=$?
ip link add link v0 name m0 type macvlan bcqueuelen 99999999999; echo rc=$?
ip link add link v0 name m0 type macvlan nopromisc; echo rc=$?
ip link add link v0 name m0 type macvlan help; echo rc=$?
ip link add link v0 name m0 type macvlan
ip link set m0 type macvlan mode foo; echo rc=$?
ip link set v0 type macvlan mode bridge; echo rc=$?
ip link set m0 address ff:ff:ff:ff:ff:ff; echo rc=$?
ip link set m0 mtu 10; echo rc=$?
ip link set m0 name v0; echo rc=$?
ip link add link m0 name m1 type macvlan mode passthru; echo rc=$?
ip link add link v1 name m2 mtu 1501 type macvlan; echo rc=$?
ip link add link v1 name m2 address 01:00:00:00:00:01 type macvlan; echo rc=$?
ip link add link v1 name m2 address 02:00:00:00:00:01:03 type macvlan; echo rc=$?
ip tuntap add dev tun0 mode tun
ip link add link tun0 name m3 type macvlan; echo rc=$?
ip link add br0 type bridge stp_state 2; echo rc=$?
ip link add br1 type bridge stp_state 1 forward_delay 100; echo rc=$?
brctl addbr br2; brctl stp br2 on; brctl setfd br2 1; echo rc=$?
brctl sethello br2 0; echo rc=$?
brctl setmaxage br2 100; echo rc=$?
brctl setbridgeprio br2 70000; echo rc=$?
brctl setpathcost br2 v0 0; echo rc=$?
ip link set v0 master br2; brctl setpathcost br2 v0 0; echo rc=$?
brctl setportprio br2 v0 64; echo rc=$?
bridge link set dev v0 cost 0; echo rc=$?
bridge link set dev v0 priority 64; echo rc=$?
bridge link set dev v0 state 3; echo rc=$?
cat /sys/class/net/br2/bridge/hello_timer /sys/class/net/v0/brport/message_age_timer
echo 70000 > /sys/class/net/br2/bridge/priority; echo rc=$?
