# bridge link: port listing (M-DOWN, @peer, a peer in another namespace), details, set
ip netns add ns1
ip link add br0 type bridge
ip link add veth0 address 02:00:00:00:00:10 type veth peer name veth1 address 02:00:00:00:00:11
ip link add v2 address 02:00:00:00:00:20 type veth peer name e2 netns ns1 address 02:00:00:00:00:21
ip tuntap add tap0 mode tap
ip link set veth0 master br0
ip link set v2 master br0
ip link set tap0 master br0
bridge link
bridge link show dev veth0
bridge -j link
bridge -d link show dev v2
bridge -d -j -p link show dev veth0
bridge -o -d link show dev veth0
ip link set br0 up
ip link set veth0 up
bridge link show dev veth0
ip link set veth1 up
ip link set v2 up
ip link set tap0 up
sleep 1.5   # linkwatch carries veth1's new carrier to the port within a second (more on a busy machine)
bridge link
bridge link set dev veth0 cost 7 priority 5
bridge link set dev veth0 hairpin on learning off flood off mcast_flood off bcast_flood off isolated on
bridge -d link show dev veth0
bridge link set dev veth0 state 1
bridge link show dev veth0
bridge link set dev veth0 state blocking
bridge link show dev veth0
bridge link set dev tap0 state 3; echo "rc=$?"
bridge link set dev veth0 state 7; echo "rc=$?"
bridge link set dev veth0 state bogus; echo "rc=$?"
bridge link set dev veth0 cost 70000; echo "rc=$?"
bridge link set dev veth0 priority 64; echo "rc=$?"
bridge link set dev veth0 hairpin maybe; echo "rc=$?"
bridge link set dev br0 cost 5; echo "rc=$?"
bridge link set dev nope cost 5; echo "rc=$?"
bridge link set cost 5; echo "rc=$?"
bridge link set dev veth0 cost; echo "rc=$?"
bridge link set dev veth0 foo 2>&1 | head -1
bridge link show dev nope; echo "rc=$?"
bridge link show dev veth0 dev v2; echo "rc=$?"
bridge link bogus; echo "rc=$?"
bridge bogus; echo "rc=$?"
bridge -x link; echo "rc=$?"
bridge -n nope link; echo "rc=$?"
bridge -n ns1 link
bridge -V
bridge 2>&1 | head -2
