#!/bin/bash
# Two switches joined by two cables: a loop that the Spanning Tree Protocol breaks.
# Each switch is a bridge in its own namespace with STP on (stp_state 1, forward delay
# 4 s to keep it short). The bridge with the lower id (sw1) becomes the root; sw2 keeps
# one link forwarding (its root port) and blocks the other. When the active cable is
# unplugged, the blocked port takes over after listening and learning.
set -e
ip netns add sw1
ip netns add sw2
ip -n sw1 link add br0 address 02:00:00:00:00:01 type bridge stp_state 1 forward_delay 400
ip -n sw2 link add br0 address 02:00:00:00:00:02 type bridge stp_state 1 forward_delay 400
ip link add p1 address 02:00:00:00:01:01 netns sw1 type veth peer name p1 address 02:00:00:00:01:02 netns sw2
ip link add p2 address 02:00:00:00:02:01 netns sw1 type veth peer name p2 address 02:00:00:00:02:02 netns sw2
for sw in sw1 sw2; do
    ip -n $sw link set p1 master br0
    ip -n $sw link set p2 master br0
    ip -n $sw link set br0 up
    ip -n $sw link set p1 up
    ip -n $sw link set p2 up
done
ip -n sw1 addr add 10.0.0.1/24 dev br0
ip -n sw2 addr add 10.0.0.2/24 dev br0
sleep 1
echo "--- after 1 s: every port listens, nothing is forwarded yet"
ip netns exec sw2 bridge link
sleep 10
echo "--- after 11 s: sw1 is the root, sw2 blocks p2"
ip netns exec sw1 bridge link
ip netns exec sw2 bridge link
ip netns exec sw2 brctl showstp br0 | grep -E "bridge id|designated root|root port"
ip netns exec sw1 ping -c 2 10.0.0.2
echo "--- p1 unplugged: sw2 sees its carrier go (linkwatch runs within a second)"
ip -n sw1 link set p1 down
sleep 2
ip netns exec sw2 bridge link
sleep 8
echo "--- 10 s later p2 forwards"
ip netns exec sw2 bridge link
ip netns exec sw1 ping -c 1 10.0.0.2
