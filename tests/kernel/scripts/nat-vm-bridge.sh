# Seed 003's NAT mode: VMs on br0 whose address is their gateway, the host forwarding
# and masquerading out of its physical NIC (iptables -t nat -A POSTROUTING -o ethX -j
# MASQUERADE); bridged traffic between the VMs passes iptables too (br_netfilter).
ip netns add host
ip netns add vm1
ip netns add vm2
ip netns add lan
ip -n host link add br0 type bridge
ip link add tap1 netns host type veth peer name eth0 netns vm1
ip link add tap2 netns host type veth peer name eth0 netns vm2
ip link add eth1 netns host type veth peer name eth0 netns lan
ip -n host link set tap1 master br0
ip -n host link set tap2 master br0
ip -n host addr add 10.10.0.1/24 dev br0
ip -n host addr add 192.168.1.10/24 dev eth1
ip -n vm1 addr add 10.10.0.101/24 dev eth0
ip -n vm2 addr add 10.10.0.102/24 dev eth0
ip -n lan addr add 192.168.1.1/24 dev eth0
for l in br0 tap1 tap2 eth1 lo; do ip -n host link set $l up; done
for ns in vm1 vm2 lan; do ip -n $ns link set eth0 up; ip -n $ns link set lo up; done
ip -n vm1 route add default via 10.10.0.1
ip -n vm2 route add default via 10.10.0.1
ip netns exec host sysctl -w net.ipv4.ip_forward=1
ip netns exec host iptables -t nat -A POSTROUTING -o eth1 -j MASQUERADE
sleep 2
ip netns exec vm1 ping -c 2 -i 0.3 192.168.1.1 | grep -E 'bytes from|received'
ip netns exec vm2 ping -c 1 192.168.1.1 | grep -E 'bytes from|received'
ip netns exec vm1 ping -c 1 10.10.0.102 | grep -E 'bytes from|received'
ip netns exec lan ping -c 1 -W 1 10.10.0.101 | grep received
ip netns exec host iptables -t nat -L POSTROUTING -n -v -x
ip netns exec host conntrack -L -p icmp 2>&1 | sed 's/id=[0-9]*/id=ID/g' | sort
ip netns exec lan ip neigh show dev eth0 | cut -d' ' -f1
