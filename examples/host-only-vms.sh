#!/bin/bash
# Host-only networking for VMs (seed 003): a bridge br0 with one TAP device per VM.
# `vnet vm add` starts a guest on a tap the way qemu does (-netdev tap,ifname=tap0):
# in the simulator a simulated guest, in the kernel sandbox a relay to a real TAP.
set -e
brctl addbr br0
ip tuntap add dev tap0 mode tap
ip tuntap add dev tap1 mode tap
brctl addif br0 tap0
brctl addif br0 tap1
ip link set tap0 up
ip link set tap1 up
ip link set br0 up
ip addr add 192.168.56.1/24 dev br0
# no VM holds tap0 yet: NO-CARRIER
ip link show tap0
vnet vm add vm1 tap tap0
vnet vm add vm2 tap tap1
ip link show tap0
for vm in vm1 vm2; do
    ip -n $vm link set lo up
    ip -n $vm link set eth0 up
done
ip -n vm1 addr add 192.168.56.11/24 dev eth0
ip -n vm2 addr add 192.168.56.12/24 dev eth0
# VMs reach each other and the host, and nothing else: there is no way out
ip netns exec vm1 ping -c 2 -i 0.2 192.168.56.12
ping -c 1 192.168.56.11
set +e
ip netns exec vm1 ping -c 1 203.0.113.1
echo "ping out: rc=$?"
