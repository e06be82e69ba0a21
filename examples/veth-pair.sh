#!/bin/bash
# Two network namespaces joined by a veth pair: the simplest virtual cable (seed 001, 5.2).
# Each namespace has its own devices, addresses, routes and ARP table.
set -e
ip netns add red
ip netns add blue
ip link add veth-red type veth peer name veth-blue
ip link set veth-red netns red
ip link set veth-blue netns blue
ip -n red link show
ip -n red addr add 10.0.0.1/24 dev veth-red
ip -n blue addr add 10.0.0.2/24 dev veth-blue
ip -n red link set lo up
ip -n blue link set lo up
ip -n red link set veth-red up
# one end up and the other down: no carrier yet
ip -n red link show veth-red
ip -n blue link set veth-blue up
ip -n red link show veth-red
ip -n red -4 addr show veth-red
ip -n red route
ip netns exec red ping -c 3 -i 0.2 10.0.0.2
# red resolved blue by ARP; blue learned red from the request and is confirming it
ip -n red neigh
ip -n blue neigh
