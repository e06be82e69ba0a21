# bridge fdb: local entries, the device's own multicast addresses, user entries, filters, errors
ip link add br0 type bridge
ip link add veth0 address 02:00:00:00:00:10 type veth peer name veth1 address 02:00:00:00:00:11
ip link set veth0 master br0
bridge fdb show
bridge -j fdb show
ip link set br0 address 02:00:00:00:00:aa
bridge fdb show br br0
bridge fdb add 02:00:00:00:00:01 dev veth0 master static
bridge fdb add 02:00:00:00:00:02 dev veth0 master
bridge fdb add 02:00:00:00:00:02 dev veth0 master; echo "rc=$?"
bridge fdb replace 02:00:00:00:00:02 dev veth0 master static
bridge fdb add 02:00:00:00:00:03 dev veth0 master dynamic; echo "rc=$?"
bridge fdb add 02:00:00:00:00:04 dev br0 self
bridge fdb add 02:00:00:00:00:05 dev br0 master; echo "rc=$?"
bridge fdb add 02:00:00:00:00:06 dev veth0 master static sticky
bridge fdb add 02:00:00:00:00:07 dev veth0 master permanent sticky; echo "rc=$?"
bridge fdb add 02:00:00:00:00:08 dev veth0 master static vlan 5; echo "rc=$?"
bridge fdb show dev veth0
bridge -j -p fdb show dev veth0
bridge fdb show state static
bridge fdb show state permanent br br0
bridge fdb show dynamic
bridge fdb show state bogus; echo "rc=$?"
bridge -s fdb show br br0
bridge fdb del 02:00:00:00:00:01 dev veth0 master
bridge fdb del 02:00:00:00:00:01 dev veth0 master; echo "rc=$?"
bridge fdb del 02:00:00:00:00:01 dev veth0; echo "rc=$?"
bridge fdb del 02:00:00:00:00:04 dev br0 self
bridge fdb show br nope; echo "rc=$?"
bridge fdb show dev nope; echo "rc=$?"
bridge fdb show br veth0; echo "rc=$?"
bridge fdb add zz dev veth0 master; echo "rc=$?"
bridge fdb add 02:00:00:00:00:09 master; echo "rc=$?"
bridge fdb add 00:00:00:00:00:00 dev veth0 master; echo "rc=$?"
bridge fdb add 02:00:00:00:00:09 02:00:00:00:00:0a dev veth0 master; echo "rc=$?"
bridge fdb add 02:00:00:00:00:09 dev nope master; echo "rc=$?"
bridge fdb bogus; echo "rc=$?"
ip link set veth0 nomaster
bridge fdb show br br0
ip link show br0 | head -2
# with the devices up: 224.0.0.1 and the IPv6 groups on every device, the bridge's
# router-discovery groups (01:00:5e:00:00:6a, 33:33:00:00:00:6a); learned entries (from
# the IPv6 traffic the kernel sends) are left out
ip link set veth0 master br0
ip link set br0 up; ip link set veth0 up; ip link set veth1 up
sleep 1
bridge fdb show | grep -v 'br0 $'
ip link set br0 down
bridge fdb show dev br0
