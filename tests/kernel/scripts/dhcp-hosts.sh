# dnsmasq --dhcp-host: fixed addresses (inside or outside the dynamic range), a host
# name and lease time given by the server; the reserved address is not handed to others.
ip netns add srv
ip -n srv link add br0 type bridge
ip -n srv addr add 10.10.0.1/24 dev br0
ip -n srv link set br0 up
n=1
for c in c1 c2 c3; do
    ip netns add $c
    ip link add veth-$c type veth peer name eth0 netns $c
    ip -n $c link set eth0 address 02:00:00:00:00:0$n
    n=$((n+1))
    ip link set veth-$c netns srv
    ip -n srv link set veth-$c master br0 up
    ip -n $c link set eth0 up
done
# 02:..:03 would hash to 10.10.0.186, reserved here for 02:..:04
ip netns exec srv dnsmasq --interface=br0 --dhcp-range=10.10.0.100,10.10.0.200,12h --port=0 \
    --dhcp-host=02:00:00:00:00:01,10.10.0.50,vm-one,2h --dhcp-host=02:00:00:00:00:02,10.10.0.185 \
    --dhcp-host=02:00:00:00:00:04,10.10.0.186
echo "rc=$?"
for c in c1 c2 c3; do
    ip netns exec $c dhclient -1 -pf /run/$c.pid -lf /var/lib/dhcp/$c.leases eth0; echo "$c rc=$?"
    ip -n $c -br -4 addr show dev eth0
done
cat /var/lib/misc/dnsmasq.leases | cut -d' ' -f2,3
cat /var/lib/misc/dnsmasq.leases | grep -c vm-one
