#!/bin/bash
# Seed 001's two-router network again (see two-routers.sh), configured the legacy way:
# net-tools ifconfig for addresses and links, route for the routing tables, and
# /proc/sys for forwarding, as older guides and scripts do it.
set -e
for ns in serverA routerA routerB serverB; do
    ip netns add $ns
done
ip link add eth0 netns serverA type veth peer name eth0 netns routerA
ip link add eth1 netns routerA type veth peer name eth1 netns routerB
ip link add eth0 netns routerB type veth peer name eth0 netns serverB
ip netns exec serverA ifconfig lo up
ip netns exec serverA ifconfig eth0 192.168.1.101 netmask 255.255.255.0 up
ip netns exec routerA ifconfig lo up
ip netns exec routerA ifconfig eth0 192.168.1.1 netmask 255.255.255.0 up
ip netns exec routerA ifconfig eth1 192.168.56.1 netmask 255.255.255.0 up
ip netns exec routerB ifconfig lo up
ip netns exec routerB ifconfig eth1 192.168.56.2 netmask 255.255.255.0 up
ip netns exec routerB ifconfig eth0 192.168.4.1/24 up
ip netns exec serverB ifconfig lo up
ip netns exec serverB ifconfig eth0 192.168.4.101/24 up
ip netns exec routerA sh -c 'echo 1 > /proc/sys/net/ipv4/ip_forward'
ip netns exec routerB sh -c 'echo 1 > /proc/sys/net/ipv4/ip_forward'
ip netns exec serverA route add default gw 192.168.1.1
ip netns exec serverB route add default gw 192.168.4.1
ip netns exec routerA route add -net 192.168.4.0 netmask 255.255.255.0 gw 192.168.56.2
ip netns exec routerB route add -net 192.168.1.0/24 gw 192.168.56.1 dev eth1
sleep 1
for ns in serverA routerA routerB serverB; do
    echo "--- $ns"
    ip netns exec $ns route -n
done
ip netns exec routerA ifconfig eth1 | head -2
ip netns exec serverA ping -c 2 -i 0.2 192.168.4.101
ip netns exec serverA traceroute -n 192.168.4.101
# a host route to a server, and the same route removed again
ip netns exec serverA route add -host 192.168.4.101 gw 192.168.1.1
ip netns exec serverA route -n
ip netns exec serverA route del -host 192.168.4.101
ip netns exec serverA route del default
ip netns exec serverA ping -c 1 192.168.4.101 || echo "no route: ping failed"
