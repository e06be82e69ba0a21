#!/bin/bash
# Seed 001's routed network: server A (192.168.1.101/24) reaches server B
# (192.168.4.101/24) through two routers joined by 192.168.56.0/24. Each router has one
# static route for the far subnet; the servers use the router on their LAN as default
# gateway. At every hop the Ethernet header is rewritten (destination: the next hop's
# MAC, source: the router's outgoing interface) while the IP addresses stay.
# Fixed MACs make the rewrite visible: 02:..:0a is server A, 02:..:1a/1b router A,
# 02:..:2a/2b router B, 02:..:0b server B.
set -e
for ns in serverA routerA routerB serverB; do
    ip netns add $ns
    ip -n $ns link set lo up
done
ip link add eth0 netns serverA address 02:00:00:00:00:0a type veth \
    peer name eth0 netns routerA address 02:00:00:00:00:1a
ip link add eth1 netns routerA address 02:00:00:00:00:1b type veth \
    peer name eth1 netns routerB address 02:00:00:00:00:2b
ip link add eth0 netns routerB address 02:00:00:00:00:2a type veth \
    peer name eth0 netns serverB address 02:00:00:00:00:0b
ip -n serverA addr add 192.168.1.101/24 dev eth0
ip -n routerA addr add 192.168.1.1/24 dev eth0
ip -n routerA addr add 192.168.56.1/24 dev eth1
ip -n routerB addr add 192.168.56.2/24 dev eth1
ip -n routerB addr add 192.168.4.1/24 dev eth0
ip -n serverB addr add 192.168.4.101/24 dev eth0
ip -n serverA link set eth0 up
ip -n routerA link set eth0 up
ip -n routerA link set eth1 up
ip -n routerB link set eth1 up
ip -n routerB link set eth0 up
ip -n serverB link set eth0 up
# the routers forward; each knows the far subnet through the other router
ip netns exec routerA sysctl -w net.ipv4.ip_forward=1
ip netns exec routerB sysctl -w net.ipv4.ip_forward=1
ip -n routerA route add 192.168.4.0/24 via 192.168.56.2
ip -n routerB route add 192.168.1.0/24 via 192.168.56.1
ip -n serverA route add default via 192.168.1.1
ip -n serverB route add default via 192.168.4.1
sleep 1
echo "--- routing tables"
ip netns exec routerA route -n
ip netns exec routerB route -n
ip -n serverA route get 192.168.4.101
echo "--- A pings B: the replies crossed two routers (ttl 64 - 2)"
ip netns exec serverA ping -c 2 -i 0.2 192.168.4.101
echo "--- and traces the path"
ip netns exec serverA traceroute -n 192.168.4.101
echo "--- the neighbours each hop resolved: MAC addresses change hop by hop"
for ns in serverA routerA routerB serverB; do
    echo "$ns:"
    ip -n $ns neigh show | cut -d' ' -f1-5 | sort
done
