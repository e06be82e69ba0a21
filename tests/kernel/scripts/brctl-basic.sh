# brctl: bridges and ports, show, showmacs, showstp, settings, and its error messages
brctl addbr br0; echo "rc=$?"
brctl addbr br0; echo "rc=$?"
brctl show
brctl show br0; echo "rc=$?"
brctl show nope; echo "rc=$?"
ip link add veth0 address 02:00:00:00:00:10 type veth peer name veth1 address 02:00:00:00:00:11
ip link add veth2 address 02:00:00:00:00:05 type veth peer name veth3 address 02:00:00:00:00:06
brctl addbr veth0; echo "rc=$?"
brctl show br0 nope; echo "rc=$?"
brctl show veth0; echo "rc=$?"
brctl addif br0 veth0; echo "rc=$?"
brctl addif br0 veth0; echo "rc=$?"
brctl addif br0 nope; echo "rc=$?"
brctl addif nope veth2; echo "rc=$?"
brctl addif br0 veth2 veth3; echo "rc=$?"
brctl addbr br1
brctl addif br1 veth2; echo "rc=$?"
brctl addif br0 br1; echo "rc=$?"
brctl addif br0 lo; echo "rc=$?"
brctl addif veth1 veth2; echo "rc=$?"
brctl show
brctl show br1 br0
brctl showmacs br0; echo "rc=$?"
brctl showmacs nope; echo "rc=$?"
brctl showmacs veth1; echo "rc=$?"
brctl delif br0 veth3; echo "rc=$?"
brctl delif br0 veth3; echo "rc=$?"
brctl delif br0 nope; echo "rc=$?"
brctl delif br1 veth0; echo "rc=$?"
brctl delif veth1 veth0; echo "rc=$?"
brctl delbr br9; echo "rc=$?"
ip link set br1 up
brctl delbr br1; echo "rc=$?"
ip link set br1 down
brctl delbr br1; echo "rc=$?"
brctl delbr veth1; echo "rc=$?"
brctl addbr abcdefghijklmnopq; echo "rc=$?"
brctl addbr "a b"; echo "rc=$?"
brctl show
brctl delbr abcdefghijklmno
brctl setageing br0 30; echo "rc=$?"
brctl setageing br0 12.345; echo "rc=$?"
brctl setageing nope 30; echo "rc=$?"
brctl setageing veth0 30; echo "rc=$?"
brctl setageing br0 abc; echo "rc=$?"
brctl setbridgeprio br0 100; echo "rc=$?"
brctl setbridgeprio br0 x; echo "rc=$?"
brctl setfd br0 1; echo "rc=$?"
brctl setfd br0 abc; echo "rc=$?"
brctl sethello br0 0.5; echo "rc=$?"
brctl setmaxage br0 3; echo "rc=$?"
brctl setmaxage br0 10; echo "rc=$?"
brctl hairpin br0 veth0 on; echo "rc=$?"
brctl hairpin br0 veth1 on; echo "rc=$?"
brctl hairpin br0 nope on; echo "rc=$?"
brctl hairpin br0 veth0 maybe; echo "rc=$?"
brctl hairpin nope veth0 on; echo "rc=$?"
brctl setportprio br0 veth0 5; echo "rc=$?"
brctl setportprio br0 veth0 x; echo "rc=$?"
brctl setportprio br0 veth0 100; echo "rc=$?"
brctl setportprio br0 nope 5; echo "rc=$?"
brctl setpathcost br0 veth0 7; echo "rc=$?"
brctl setpathcost br0 veth1 7; echo "rc=$?"
brctl setpathcost br0 veth0 0; echo "rc=$?"
cat /sys/class/net/br0/bridge/ageing_time /sys/class/net/br0/bridge/forward_delay /sys/class/net/br0/bridge/max_age /sys/class/net/br0/bridge/priority
brctl showstp br0
brctl showstp nope; echo "rc=$?"
brctl showstp veth0; echo "rc=$?"
brctl stp br0 on; echo "rc=$?"
cat /sys/class/net/br0/bridge/forward_delay
brctl show
brctl setfd br0 1; echo "rc=$?"
brctl stp br0 maybe; echo "rc=$?"
brctl stp nope on; echo "rc=$?"
brctl stp br0 off; echo "rc=$?"
brctl show
brctl; echo "rc=$?"
brctl foo; echo "rc=$?"
brctl addbr; echo "rc=$?"
brctl addif br0; echo "rc=$?"
brctl -V
brctl -x; echo "rc=$?"
