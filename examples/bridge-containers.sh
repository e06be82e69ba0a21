#!/bin/bash
# Three "containers" on a docker0-like bridge (seed 002/004): each container is a
# network namespace whose eth0 is one end of a veth pair; the other end is a port of
# docker0, which also carries the containers' gateway address.
set -e
ip link add docker0 type bridge
ip addr add 172.17.0.1/16 dev docker0
ip link set docker0 up
for i in 1 2 3; do
    ip netns add c$i
    ip link add veth$i type veth peer name eth0 netns c$i
    ip link set veth$i master docker0
    ip link set veth$i up
    ip -n c$i addr add 172.17.0.$((i + 1))/16 dev eth0
    ip -n c$i link set eth0 up
    ip -n c$i link set lo up
    ip -n c$i route add default via 172.17.0.1
done
ip link show master docker0
bridge link show
ip netns exec c1 ping -c 2 -i 0.2 172.17.0.3
ip netns exec c3 ping -c 1 172.17.0.1
# the bridge learned where each container's MAC lives
bridge fdb show br docker0 | grep -v permanent | sort -k3
ip -n c1 route
