#!/bin/bash
# A host acting as the router between two tenants' bridges. Tenant A's machines
# (10.1.0.0/24) sit on br-a, tenant B's (10.2.0.0/24) on br-b; each bridge carries its
# tenant's gateway address, and the host forwards between them. Inside a tenant the
# bridge switches frames (layer 2); between tenants the host routes them (layer 3).
set -e
sysctl -w net.ipv4.ip_forward=1
ip link set lo up
for t in a b; do
    n=$([ $t = a ] && echo 1 || echo 2)
    ip link add br-$t type bridge
    ip addr add 10.$n.0.1/24 dev br-$t
    ip link set br-$t up
    for i in 1 2; do
        ip netns add $t$i
        ip link add veth-$t$i type veth peer name eth0 netns $t$i
        ip link set veth-$t$i master br-$t
        ip link set veth-$t$i up
        ip -n $t$i addr add 10.$n.0.$((i + 10))/24 dev eth0
        ip -n $t$i link set eth0 up
        ip -n $t$i link set lo up
        ip -n $t$i route add default via 10.$n.0.1
    done
done
sleep 1
ip route
bridge link show
echo "--- inside tenant A: switched"
ip netns exec a1 ping -c 1 10.1.0.12
echo "--- from tenant A to tenant B: routed by the host (ttl 63)"
ip netns exec a1 ping -c 1 10.2.0.11
ip netns exec a1 traceroute -n 10.2.0.12
ip -n a1 route get 10.2.0.11
ip route get 10.2.0.11
echo "--- the host's neighbours: one per tenant machine it talked to"
ip neigh show dev br-a | cut -d' ' -f1-3 | sort
ip neigh show dev br-b | cut -d' ' -f1-3 | sort
echo "--- forwarding off on br-a: tenant A can no longer leave its bridge"
sysctl -w net.ipv4.conf.br-a.forwarding=0
ip netns exec a1 ping -c 1 -W 1 10.2.0.11 || echo "no reply"
