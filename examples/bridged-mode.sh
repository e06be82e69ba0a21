#!/bin/bash
# Bridged networking (seeds 003 and 004): the host's NIC eth0 becomes a port of br0
# and br0 takes over its address, so VMs on br0 sit directly on the physical LAN.
# The "LAN" is a namespace with the gateway 192.168.1.1 at the other end of eth0.
set -e
ip netns add lan
ip link add eth0 type veth peer name lan0 netns lan
ip -n lan addr add 192.168.1.1/24 dev lan0
ip -n lan link set lan0 up
ip addr add 192.168.1.100/24 dev eth0
ip link set eth0 up
ping -c 1 192.168.1.1
# now bridge it: br0 takes eth0's place on the LAN
ip link add br0 type bridge
ip link set eth0 master br0
ip addr del 192.168.1.100/24 dev eth0
ip addr add 192.168.1.100/24 dev br0
ip link set br0 up
ip route
ping -c 1 192.168.1.1
# a VM on tap0, also a port of br0, is on the LAN too
ip tuntap add dev tap0 mode tap
ip link set tap0 master br0
ip link set tap0 up
vnet vm add vm1 tap tap0
ip -n vm1 link set eth0 up
ip -n vm1 addr add 192.168.1.50/24 dev eth0
ip netns exec vm1 ping -c 2 -i 0.2 192.168.1.1
ip netns exec vm1 ping -c 1 192.168.1.100
bridge link show
