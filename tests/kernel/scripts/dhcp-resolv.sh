# dhclient-script's resolv.conf: a domain without DNS servers (dnsmasq with --port=0)
# keeps the old nameservers; with DNS on, dnsmasq hands itself out as router and DNS.
ip netns add srv
ip -n srv link add br0 type bridge
ip -n srv addr add 10.10.0.1/24 dev br0
ip -n srv link set br0 up
for n in 1 2; do
  ip netns add c$n
  ip link add veth-c$n type veth peer name eth0 netns c$n
  ip -n c$n link set eth0 address 02:00:00:00:00:0$n
  ip link set veth-c$n netns srv
  ip -n srv link set veth-c$n master br0 up
  ip -n c$n link set eth0 up
done
ip netns exec srv dnsmasq --interface=br0 --dhcp-range=10.10.0.100,10.10.0.200,12h --port=0 --dhcp-option=option:domain-name,lab.test
ip netns exec c1 dhclient eth0
cat /etc/resolv.conf
ip netns add srv2
ip -n srv2 link add br0 type bridge
ip -n srv2 addr add 10.20.0.1/24 dev br0
ip -n srv2 link set br0 up
ip link add veth-x type veth peer name eth1 netns c2
ip link set veth-x netns srv2
ip -n srv2 link set veth-x master br0 up
ip -n c2 link set eth1 up
ip netns exec srv2 dnsmasq --interface=br0 --dhcp-range=10.20.0.100,10.20.0.200,12h
ip netns exec c2 dhclient eth1
cat /etc/resolv.conf
ip -n c2 route show default
