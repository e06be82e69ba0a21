#!/bin/bash
# Seed 003's isolation of tenants with VLANs: each tenant gets a VLAN (A: 10, B: 20); on
# each physical host vconfig makes a VLAN NIC per tenant on the physical NIC, and each
# tenant has its own bridge joining its VMs and its VLAN NIC. Between the hosts the
# frames carry their VLAN ID, so the tenants stay apart even with the same addresses.
# Simulator only: the kernel vnet's CI compares against has no 8021q module
# (tests/link/test_vlan.py runs this script).
set -e
ip netns add host1
ip netns add host2
ip link add eth0 netns host1 type veth peer name eth0 netns host2   # the physical link
for h in 1 2; do
    ip -n host$h link set eth0 up
    for t in A:10 B:20; do
        tenant=${t%:*}
        vid=${t#*:}
        ip netns exec host$h vconfig add eth0 $vid 2>/dev/null
        ip -n host$h link add br$vid type bridge
        ip -n host$h link set eth0.$vid master br$vid
        ip -n host$h link set eth0.$vid up
        ip -n host$h link set br$vid up
        # one VM of the tenant on this host, on the tenant's bridge
        vm=vm$tenant$h
        ip netns add $vm
        ip link add eth0 netns $vm type veth peer name tap$tenant netns host$h
        ip -n host$h link set tap$tenant master br$vid
        ip -n host$h link set tap$tenant up
        ip -n $vm addr add 10.0.0.$h/24 dev eth0
        ip -n $vm link set eth0 up
    done
done
ip netns exec host1 cat /proc/net/vlan/config
ip -n host1 -d link show eth0.10 | grep -o "vlan protocol .*> "
ip -n host1 link show master br10
# each VM reaches its own tenant's VM on the other host, at the same address the
# other tenant uses there too
ip netns exec vmA1 ping -c 2 -i 0.2 10.0.0.2
ip netns exec vmB1 ping -c 2 -i 0.2 10.0.0.2
ip -n vmA1 neigh
ip -n vmB1 neigh
bridge -n host1 fdb show br br10 | grep -v permanent | grep -c .
ip -n host1 -s link show eth0.10
