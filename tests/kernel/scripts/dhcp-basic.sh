# DHCP on a bridge: dnsmasq serves two clients (dhclient), each gets its own address
# (dnsmasq's MAC hash picks it), a default route and the DNS server; release frees it.
ip netns add srv
ip -n srv link add br0 type bridge
ip -n srv addr add 10.10.0.1/24 dev br0
ip -n srv link set br0 up
n=1
for c in c1 c2; do
    ip netns add $c
    ip link add veth-$c type veth peer name eth0 netns $c
    ip -n $c link set eth0 address 02:00:00:00:00:0$n
    n=$((n+1))
    ip link set veth-$c netns srv
    ip -n srv link set veth-$c master br0 up
    ip -n $c link set eth0 up
done
echo "resolv.conf before:"
cat /etc/resolv.conf
ip netns exec srv dnsmasq --interface=br0 --dhcp-range=10.10.0.100,10.10.0.200,12h --port=0 \
    --dhcp-option=option:router,10.10.0.1 --dhcp-option=option:dns-server,10.10.0.53 \
    --dhcp-option=option:domain-name,lab.test
echo "dnsmasq rc=$?"
ip netns exec c1 dhclient eth0
echo "dhclient c1 rc=$?"
ip netns exec c2 dhclient -pf /run/dhclient-c2.pid -lf /var/lib/dhcp/c2.leases eth0
echo "dhclient c2 rc=$?"
for c in c1 c2; do
    ip -n $c -br -4 addr show dev eth0
    ip -n $c -4 addr show dev eth0 | grep -o 'scope global dynamic eth0'
    ip -n $c route
done
echo "resolv.conf after:"
cat /etc/resolv.conf
echo "leases:"
cat /var/lib/misc/dnsmasq.leases | cut -d' ' -f2,3
ip netns exec c1 ping -c1 -W1 10.10.0.185 | grep -c 'bytes from'
ip netns exec c1 dhclient -r eth0
echo "release rc=$?"
ip -n c1 -br -4 addr show dev eth0
ip -n c1 route
echo "leases:"
cat /var/lib/misc/dnsmasq.leases | cut -d' ' -f2,3
ip netns exec c1 dhclient eth0
echo "again rc=$?"
ip -n c1 -br -4 addr show dev eth0
echo "server's neighbours (dnsmasq injects the client's MAC before its unicast reply):"
ip -n srv neigh show dev br0 | cut -d' ' -f1-5 | sort
