#!/bin/bash
# A firewall isolating two tenants on one host (seed 003: "if two VMs on one machine
# do not belong to the same user"). Each tenant has its own bridge and subnet; the host
# routes for both and reaches the outside, but its FORWARD chain lets a tenant's traffic
# out only toward the uplink, never into the other tenant, while replies come back
# through conntrack (ESTABLISHED,RELATED).
set -e
sysctl -qw net.ipv4.ip_forward=1
ip link set lo up
ip netns add outside
ip link add uplink type veth peer name eth0 netns outside
ip addr add 192.168.9.1/24 dev uplink
ip link set uplink up
ip -n outside addr add 192.168.9.2/24 dev eth0
ip -n outside link set eth0 up
ip -n outside route add default via 192.168.9.1
for t in a b; do
    n=$([ $t = a ] && echo 1 || echo 2)
    ip link add br-$t type bridge
    ip addr add 10.$n.0.1/24 dev br-$t
    ip link set br-$t up
    ip netns add vm-$t
    ip link add tap-$t type veth peer name eth0 netns vm-$t
    ip link set tap-$t master br-$t
    ip link set tap-$t up
    ip -n vm-$t addr add 10.$n.0.10/24 dev eth0
    ip -n vm-$t link set eth0 up
    ip -n vm-$t route add default via 10.$n.0.1
done
iptables -P FORWARD DROP
iptables -A FORWARD -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
iptables -A FORWARD -i br-a -o uplink -j ACCEPT
iptables -A FORWARD -i br-b -o uplink -j ACCEPT
iptables -A FORWARD -i br-a -o br-b -j REJECT --reject-with icmp-admin-prohibited
sleep 1
echo "--- each tenant reaches the outside"
ip netns exec vm-a ping -c 1 192.168.9.2
ip netns exec vm-b ping -c 1 192.168.9.2
echo "--- tenant A to tenant B: rejected by the host"
set +e
ip netns exec vm-a ping -c 1 -W 1 10.2.0.10
echo "rc=$?"
echo "--- tenant B to tenant A: silently dropped by the policy"
ip netns exec vm-b ping -c 1 -W 1 10.1.0.10
echo "rc=$?"
set -e
iptables -L FORWARD -n -v --line-numbers
