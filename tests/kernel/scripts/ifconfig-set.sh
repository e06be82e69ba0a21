# ifconfig settings: addresses (classful, /N, netmask, broadcast, 0.0.0.0, aliases), mtu,
# txqueuelen, hw ether, flags, name, and the errors and exit codes of each
sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
ip link add veth0 address 02:00:00:00:00:10 type veth peer name veth1 address 02:00:00:00:00:11
ifconfig veth0 10.0.0.1 netmask 255.255.255.0 up; echo "rc=$?"
# the kernel computes a device's operstate (so RUNNING) asynchronously: let it settle
sleep 2
ifconfig veth0 | head -2
ip -br addr show veth0
ifconfig veth1 10.0.0.2/24 up; echo "rc=$?"
ifconfig veth1 | head -2
ifconfig veth0 10.1.0.1; ifconfig veth0 | grep "inet "
ifconfig veth0 172.16.5.1; ifconfig veth0 | grep "inet "
ifconfig veth0 192.168.1.1; ifconfig veth0 | grep "inet "
ifconfig veth0 1.2.3.4/8; ifconfig veth0 | grep "inet "
ifconfig veth0 netmask 255.255.0.0; ifconfig veth0 | grep "inet "
ifconfig veth0 broadcast 1.2.0.9; ifconfig veth0 | grep "inet "
ifconfig veth0 netmask 255.255.255.0; ifconfig veth0 | grep "inet "
ifconfig veth0 10.0.0.1/32; ifconfig veth0 | grep "inet "
ifconfig veth0 10.0.0.1/33; ifconfig veth0 | grep "inet "
ifconfig veth0 10.0.0.3/16 netmask 255.255.255.0; echo "rc=$?"; ifconfig veth0 | grep "inet "
ifconfig veth0 netmask 255.255.255.0 10.0.0.4/16 2>&1 | head -1
ifconfig veth0 1; ip -br addr show veth0
ifconfig veth0 10.1; ip -br addr show veth0
ifconfig veth0 255.255.255.255; ip -br addr show veth0
ifconfig veth0 224.0.0.5; echo "rc=$?"
ifconfig veth0 192.168.1.1 netmask 255.255.255.0 broadcast 192.168.1.255
ifconfig veth0:1 10.7.0.1 up; echo "rc=$?"
ifconfig veth0:1
ip -br addr show veth0
ifconfig veth0:1 down; ip -br addr show veth0
ifconfig veth0 add 10.8.0.1; echo "rc=$?"
ip addr show veth0 | grep "inet "
ifconfig veth0 0.0.0.0; echo "rc=$?"
ip addr show veth0 | grep inet
ifconfig veth0 0; echo "rc=$?"
ifconfig veth0 netmask 255.255.255.0; echo "rc=$?"
ifconfig veth0 broadcast 10.0.0.255; echo "rc=$?"
ifconfig veth0 10.0.0.1/abc 2>&1 | head -1
ifconfig veth0 netmask 255.255.255.0 netmask 255.255.0.0 2>&1 | head -1
ifconfig veth0 10.0.0.1 netmask 255.0.255.0; echo "rc=$?"
ifconfig veth0 netmask abc; echo "rc=$?"
ifconfig veth0 bogus; echo "rc=$?"
ifconfig veth0 10.0.0.300; echo "rc=$?"
ifconfig veth0 metric 2; echo "rc=$?"
ifconfig veth0 mtu 1400; echo "rc=$?"; ip link show veth0 | head -1
ifconfig veth0 mtu 10; echo "rc=$?"
ifconfig veth0 mtu abc; echo "rc=$?"
ifconfig veth0 mtu 70000; echo "rc=$?"
ifconfig veth0 mtu 2>&1 | head -1
ifconfig veth0 txqueuelen 500; ifconfig veth0 | grep ether
ifconfig veth0 hw ether 02:aa:bb:cc:dd:ee; ifconfig veth0 | grep ether
ifconfig veth0 hw ether 2:aa:bb:cc:dd:1; ifconfig veth0 | grep ether
ifconfig veth0 hw ether zz; echo "rc=$?"
ifconfig veth0 hw ether 01:00:00:00:00:01; echo "rc=$?"
ifconfig veth0 hw foo 00:11:22:33:44:55 2>&1 | head -1
ifconfig lo hw ether 02:aa:bb:cc:dd:ee; echo "rc=$?"
ifconfig veth0 promisc allmulti -arp; echo "rc=$?"
ip link show veth0 | head -1
ifconfig veth0 arp -promisc -allmulti multicast; echo "rc=$?"
ifconfig veth0 -broadcast; echo "rc=$?"
ifconfig veth0 broadcast; echo "rc=$?"
ifconfig veth0 down; echo "rc=$?"
ifconfig veth0 | head -1
ip -br addr show veth0
ifconfig veth0 name vv0; echo "rc=$?"
ip -br link show vv0
ifconfig veth0 up; echo "rc=$?"
ifconfig nope 10.0.0.1; echo "rc=$?"
ifconfig nope down; echo "rc=$?"
ifconfig nope mtu 1000; echo "rc=$?"
ifconfig nope netmask 255.0.0.0; echo "rc=$?"
ip tuntap add tun0 mode tun
ifconfig tun0 10.5.0.1 up
sleep 2
ifconfig tun0 pointopoint 10.5.0.2; ifconfig tun0 | head -2
ifconfig tun0 dstaddr 10.5.0.3; ip addr show tun0 | grep inet
