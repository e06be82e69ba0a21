# Seed 003's NAT mode with DHCP: VMs on the host's br0 get their addresses, default route
# and DNS server from dnsmasq on br0 (its own address for both, as dnsmasq does when no
# option says otherwise), the host forwards and masquerades out of its NIC, and a server
# on the outside network sees only the host's address. A port forward reaches a VM.
ip netns add host
ip netns add lan
ip link add eth0 netns host type veth peer name eth0 netns lan
ip -n host addr add 192.168.50.10/24 dev eth0
ip -n lan addr add 192.168.50.1/24 dev eth0
ip -n host link add br0 type bridge
ip -n host addr add 10.10.0.1/24 dev br0
for ns in host lan; do ip -n $ns link set lo up; ip -n $ns link set eth0 up; done
ip -n host link set br0 up
n=1
for vm in vm1 vm2; do
    ip netns add $vm
    ip link add tap-$vm netns host type veth peer name eth0 netns $vm
    ip -n $vm link set eth0 address 52:54:00:00:00:0$n
    n=$((n+1))
    ip -n host link set tap-$vm master br0 up
    ip -n $vm link set lo up
    ip -n $vm link set eth0 up
done
ip netns exec host sysctl -q -w net.ipv4.ip_forward=1
ip netns exec host iptables -t nat -A POSTROUTING -s 10.10.0.0/24 -o eth0 -j MASQUERADE
ip netns exec host dnsmasq --interface=br0 --bind-interfaces --dhcp-range=10.10.0.100,10.10.0.200,1h
echo "dnsmasq rc=$?"
ip netns exec vm1 dhclient -pf /run/dhclient-vm1.pid -lf /var/lib/dhcp/vm1.leases eth0
echo "vm1 rc=$?"
ip netns exec vm2 dhclient -pf /run/dhclient-vm2.pid -lf /var/lib/dhcp/vm2.leases eth0
echo "vm2 rc=$?"
for vm in vm1 vm2; do
    ip -n $vm -br -4 addr show dev eth0
    ip -n $vm route
done
cat /etc/resolv.conf
cat /var/lib/misc/dnsmasq.leases | cut -d' ' -f2,3
ip netns exec lan vnet serve tcp 80 reply "lan sees %a"
ip netns exec lan vnet serve udp 5000 reply "lan sees %a"
echo x | ip netns exec vm1 nc -w1 192.168.50.1 80
echo x | ip netns exec vm2 nc -u -w1 192.168.50.1 5000
ip netns exec vm1 ping -c1 -W1 192.168.50.1 | grep -o 'bytes from [0-9.]*'
VM2=$(ip -n vm2 -br -4 addr show dev eth0 | awk '{print $3}' | cut -d/ -f1)
ip netns exec vm1 ping -c1 -W1 $VM2 | grep -o 'bytes from [0-9.]*'
echo "--- port forward 8022 -> vm2:22"
ip netns exec vm2 vnet serve tcp 22 reply "SSH-2.0-vm2 sees %a"
ip netns exec host iptables -t nat -A PREROUTING -i eth0 -p tcp --dport 8022 -j DNAT --to-destination $VM2:22
echo x | ip netns exec lan nc -w1 192.168.50.10 8022
