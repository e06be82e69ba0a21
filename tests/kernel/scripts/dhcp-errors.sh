# dnsmasq's command-line errors and a second server on the same port; dhclient on a
# missing interface, and -r with no lease.
ip link add br0 type bridge
ip addr add 10.20.0.1/24 dev br0
ip link set br0 up
dnsmasq --dhcp-range=10.20.0.100,12h --port=0
echo "rc=$?"
dnsmasq --bogus
echo "rc=$?"
dnsmasq --dhcp-range=10.20.0.100,10.20.0.110 --dhcp-option=option:bogus,1.2.3.4 --port=0
echo "rc=$?"
dnsmasq --dhcp-range=10.20.0.100,10.20.0.110 --dhcp-option=option:router,300.1.1.1 --port=0
echo "rc=$?"
dnsmasq --dhcp-range=10.20.0.100,10.20.0.110,5x --port=0
echo "rc=$?"
dnsmasq --interface=br0 --dhcp-range=10.20.0.110,10.20.0.100,1h --port=0
echo "rc=$?"
dnsmasq --interface=br0 --dhcp-range=10.20.0.100,10.20.0.110,1h --port=0
echo "rc=$?"
ip netns add c1
ip link add veth1 type veth peer name eth0 netns c1
ip netns exec c1 dhclient eth9
echo "rc=$?"
ip netns exec c1 dhclient -r eth0
echo "rc=$?"
ip netns exec c1 dhclient -x eth0
echo "rc=$?"
ip -n c1 link show dev eth0 | grep -o 'state [A-Z]*'
