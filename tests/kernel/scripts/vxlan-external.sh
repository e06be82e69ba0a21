# A collect-metadata ("external") VXLAN device, the kind Open vSwitch creates as
# vxlan_sys_4789 (seed 001): it takes every VNI arriving on its port, and sends only
# frames that carry tunnel metadata, so what the stack routes to it is dropped uncounted.
ip netns add a
ip netns add b
for ns in a b; do
  ip netns exec $ns sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
done
ip link add va netns a type veth peer name vb netns b
ip -n a addr add 10.0.0.1/24 dev va
ip -n b addr add 10.0.0.2/24 dev vb
ip -n a link set va up
ip -n b link set vb up
ip -n a link add vxlan_sys_4789 type vxlan external dstport 4789
ip -n a link set vxlan_sys_4789 mtu 65000
ip -n a -d link show vxlan_sys_4789
ip netns exec a ls /sys/devices/virtual/net
ip -n a link add vx2 type vxlan external dstport 4789; echo rc=$?
ip -n a link add vx2 type vxlan external id 4 dstport 4789; echo rc=$?
ip -n a link add vx2 type vxlan dstport 4789; echo rc=$?
ip -n a link add vx2 type vxlan id 4 dstport 4789; echo rc=$?
ip -n a link set vxlan_sys_4789 up
ip -n a link set vx2 up; echo rc=$?
ip -n a addr add 192.168.50.1/24 dev vxlan_sys_4789
ip netns exec a ping -c 1 -W 1 192.168.50.2
# frames of any VNI reach it; the stack answers, and the answers go nowhere
ip -n b link add vx77 type vxlan id 77 dstport 4789 remote 10.0.0.1
ip -n b addr add 192.168.50.2/24 dev vx77
ip -n b link set vx77 up
ip netns exec b ping -c 2 -i 0.5 192.168.50.1
ip -n a -s link show vxlan_sys_4789
ip -n b -s link show vx77
ip -n a neigh show dev vxlan_sys_4789
bridge -n a fdb show dev vxlan_sys_4789
