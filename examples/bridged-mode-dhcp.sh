# Seed 003's bridged mode with DHCP: the host's NIC is a port of br0, so the host (on
# br0) and a VM (on a tap-like veth in br0) both get addresses from the LAN's DHCP
# server, as any other machine on the LAN.
ip netns add lan
ip netns add host
ip netns add vm
ip link add eth0 netns host type veth peer name eth0 netns lan
ip -n lan addr add 192.168.60.1/24 dev eth0
ip -n lan link set eth0 up
ip -n host link add br0 type bridge
ip -n host link set br0 address 02:00:00:00:01:01
ip -n host link set eth0 master br0
ip -n host link set eth0 up
ip -n host link set br0 up
ip link add vnet0 netns host type veth peer name eth0 netns vm
ip -n vm link set eth0 address 52:54:00:00:01:02
ip -n host link set vnet0 master br0 up
ip -n vm link set eth0 up
ip netns exec lan dnsmasq --interface=eth0 --dhcp-range=192.168.60.100,192.168.60.150,1h --port=0
ip netns exec host dhclient -pf /run/host.pid -lf /var/lib/dhcp/host.leases br0
echo "host rc=$?"
ip netns exec vm dhclient -pf /run/vm.pid -lf /var/lib/dhcp/vm.leases eth0
echo "vm rc=$?"
ip -n host -br -4 addr show dev br0
ip -n host route
ip -n vm -br -4 addr show dev eth0
ip -n vm route
cat /var/lib/misc/dnsmasq.leases | cut -d' ' -f2,3
VM=$(ip -n vm -br -4 addr show dev eth0 | awk '{print $3}' | cut -d/ -f1)
ip netns exec lan ping -c1 -W1 $VM | grep -o 'bytes from [0-9.]*'
