#!/bin/bash
# An overlay network across a routed underlay, the way container orchestrators join
# hosts (seed 005: VXLAN in cloud networking): two hosts on different subnets, a router
# between them, and on each host a bridge whose ports are a container's veth and a
# VXLAN device (VNI 100, IANA port 4789). The containers share 10.10.0.0/24 as if on
# one switch; their frames cross the router inside UDP datagrams.
set -e
for ns in h1 h2 r c1 c2; do
    ip netns add $ns
    # IPv6 off, so the counters below show only what the ping sent
    ip netns exec $ns sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
done
# the underlay: h1 -- r -- h2
ip link add eth0 netns h1 type veth peer name r1 netns r
ip link add eth0 netns h2 type veth peer name r2 netns r
ip -n r addr add 192.168.1.1/24 dev r1
ip -n r addr add 192.168.2.1/24 dev r2
ip -n r link set r1 up
ip -n r link set r2 up
ip netns exec r sysctl -qw net.ipv4.ip_forward=1
ip -n h1 addr add 192.168.1.10/24 dev eth0
ip -n h2 addr add 192.168.2.10/24 dev eth0
ip -n h1 link set eth0 up
ip -n h2 link set eth0 up
ip -n h1 route add default via 192.168.1.1
ip -n h2 route add default via 192.168.2.1
# the overlay: on each host, br0 joins the container's veth and vxlan0 (multicast
# snooping off: with it on, the bridge would send an IGMP report, which vnet does not)
for i in 1 2; do
    peer=$((3 - i))
    ip -n h$i link add br0 type bridge mcast_snooping 0
    ip -n h$i link add vxlan0 type vxlan id 100 dstport 4789 \
        local 192.168.$i.10 remote 192.168.$peer.10 dev eth0
    ip -n h$i link set vxlan0 master br0
    ip -n h$i link add veth0 type veth peer name eth0 netns c$i
    ip -n h$i link set veth0 master br0
    ip -n h$i link set br0 up
    ip -n h$i link set vxlan0 up
    ip -n h$i link set veth0 up
    ip -n c$i addr add 10.10.0.$i/24 dev eth0
    ip -n c$i link set eth0 mtu 1450 up
done
ip -n h1 -d link show vxlan0 | grep -o "vxlan id .* ageing [0-9]*"
ip -n h1 link show vxlan0
ip netns exec c1 ping -c 3 -i 0.2 10.10.0.2
# where each host's vxlan0 sends frames: the remote given at creation, and the
# container MAC it learned from the outer source address of what it received
bridge -n h1 fdb show dev vxlan0
bridge -n h2 fdb show dev vxlan0
# counters: the tunnel counts the inner frames (less their Ethernet header),
# the underlay the whole UDP datagrams
ip -n h1 -s link show vxlan0
ip -n h1 -s link show eth0
ip -n r -s link show r2
