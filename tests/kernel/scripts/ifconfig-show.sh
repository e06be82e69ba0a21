# ifconfig listings: up interfaces, -a, one interface, alias labels, counters, errors
ifconfig; echo "rc=$?"
ifconfig -a; echo "rc=$?"
ip link set lo up
ip link add veth0 address 02:00:00:00:00:10 type veth peer name veth1 address 02:00:00:00:00:11
ip link add br0 address 02:00:00:00:00:b0 type bridge
ip link add veth10 address 02:00:00:00:00:20 type veth peer name veth2 address 02:00:00:00:00:21
ip tuntap add tun0 mode tun
ip tuntap add tap0 mode tap
ip link set tap0 address 02:00:00:00:00:30
ip addr add 10.0.0.1/24 brd + dev veth0
ip addr add 10.0.0.9/24 dev veth0
ip addr add 10.9.0.1/16 dev veth0 label veth0:1
ip addr add 10.5.0.1 peer 10.5.0.2 dev tun0
ip link set veth0 up
ip link set tun0 up
sleep 2
ifconfig
ifconfig -a
ifconfig veth0; echo "rc=$?"
ifconfig veth0:1; echo "rc=$?"
ifconfig -v veth10
ifconfig -a veth10
ifconfig nope; echo "rc=$?"
ifconfig -z; echo "rc=$?"
ifconfig -h 2>&1 | head -3
ifconfig --help > /dev/null 2>&1; echo "rc=$?"
# counters, with IPv6 off so that nothing but the ping crosses the link
sysctl -qw net.ipv6.conf.all.disable_ipv6=1
ip netns add ns1
ip netns exec ns1 sysctl -qw net.ipv6.conf.all.disable_ipv6=1
ip link set veth1 netns ns1
ip -n ns1 addr add 10.0.0.2/24 dev veth1
ip -n ns1 link set veth1 up
ping -c 3 -i 0.2 -s 1000 10.0.0.2 > /dev/null; echo "ping=$?"
ifconfig veth0
ip netns exec ns1 ifconfig -a
