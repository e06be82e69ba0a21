# Capture real Linux frames for tests/wire golden bytes (STP, VXLAN, TCP, DHCP). As root:
#   OUT=dir unshare --net --mount --propagation private bash linux-6.18-l2.sh
# Writes $OUT/linux-6.18-{stp,vxlan,tcp,dhcp}.pcap.
set -e
OUT=${OUT:-/tmp/cap2}
mkdir -p /run/netns; mount -t tmpfs tmpfs /run/netns; mount -t sysfs sysfs /sys
txcsum_off() {  # ethtool -K DEV tx off, via SIOCETHTOOL/ETHTOOL_STXCSUM: real checksums on the wire
  ip netns exec "$1" python3 -c '
import ctypes, fcntl, socket, struct, sys
ev = ctypes.create_string_buffer(struct.pack("II", 0x17, 0))
ifr = struct.pack("16sP", sys.argv[1].encode(), ctypes.addressof(ev)) + bytes(16)
fcntl.ioctl(socket.socket(socket.AF_INET, socket.SOCK_DGRAM), 0x8946, ifr)' "$2"
}
capture() {  # NS DEV FILE: start tcpdump, remember its pid
  ip netns exec "$1" tcpdump -U -s 0 -i "$2" -w "$OUT/$3" 2>/dev/null & TD=$!
  sleep 1
}
stop() { sleep 1; kill $TD; wait $TD || true; }

# --- STP: root br0 (priority 4096) -- p0/p1 -- br1 (32768); br1 gains port p2 -> TCN.
ip netns add sw; ip -n sw link set lo up
ip netns exec sw sysctl -qw net.ipv6.conf.default.disable_ipv6=1  # keep the capture to STP
ip -n sw link add br0 address 02:00:00:00:b0:00 type bridge stp_state 1 priority 4096 forward_delay 200 hello_time 100
ip -n sw link add br1 address 02:00:00:00:b1:00 type bridge stp_state 1 priority 32768 forward_delay 200 hello_time 100
ip -n sw link add p0 address 02:00:00:00:00:f0 type veth peer name p1 address 02:00:00:00:00:f1
ip -n sw link add p2 address 02:00:00:00:00:f2 type veth peer name q2 address 02:00:00:00:00:e2
ip -n sw link set p0 master br0; ip -n sw link set p1 master br1; ip -n sw link set p2 master br1
for d in br0 br1 p0 p1; do ip -n sw link set $d up; done
capture sw p1 linux-6.18-stp.pcap
sleep 5
ip -n sw link set p2 up; ip -n sw link set q2 up
sleep 7
stop

# --- VXLAN 42 over 192.168.0.1 <-> 192.168.0.2 (dstport 4789), ping across; TCP on the underlay.
for n in v1 v2; do ip netns add $n; ip -n $n link set lo up; ip netns exec $n sysctl -qw net.ipv6.conf.default.disable_ipv6=1; done
ip link add u1 netns v1 address 02:00:00:00:0c:01 type veth peer name u2 netns v2 address 02:00:00:00:0c:02
ip -n v1 addr add 192.168.0.1/24 dev u1; ip -n v2 addr add 192.168.0.2/24 dev u2
ip -n v1 link set u1 up; ip -n v2 link set u2 up
txcsum_off v1 u1; txcsum_off v2 u2
ip -n v1 link add vx0 address 02:00:00:00:42:01 type vxlan id 42 dstport 4789 local 192.168.0.1 remote 192.168.0.2
ip -n v2 link add vx0 address 02:00:00:00:42:02 type vxlan id 42 dstport 4789 local 192.168.0.2 remote 192.168.0.1
ip -n v1 addr add 10.42.0.1/24 dev vx0; ip -n v2 addr add 10.42.0.2/24 dev vx0
ip -n v1 link set vx0 up; ip -n v2 link set vx0 up
capture v1 u1 linux-6.18-vxlan.pcap
ip netns exec v1 ping -c1 -s 8 10.42.0.2 >/dev/null
stop

ip netns exec v2 python3 -c '
import socket
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("192.168.0.2", 8080)); s.listen(1)
c, _ = s.accept(); c.sendall(c.recv(100).upper()); c.close()' &
SRV=$!
sleep 1
capture v1 u1 linux-6.18-tcp.pcap
ip netns exec v1 python3 -c '
import socket, time
c = socket.create_connection(("192.168.0.2", 8080), timeout=3)
c.sendall(b"hello tcp"); print(c.recv(100)); c.close(); time.sleep(0.3)
try:
    socket.create_connection(("192.168.0.2", 8081), timeout=3)
except ConnectionRefusedError:
    pass'
stop
wait $SRV || true

# --- DHCP: dnsmasq in s serves 10.9.0.0/24, dhclient in c.
for n in s c; do ip netns add $n; ip -n $n link set lo up; ip netns exec $n sysctl -qw net.ipv6.conf.default.disable_ipv6=1; done
ip link add vs netns s address 02:00:00:00:d0:01 type veth peer name vc netns c address 02:00:00:00:d0:02
ip -n s addr add 10.9.0.1/24 dev vs; ip -n s link set vs up; ip -n c link set vc up
txcsum_off s vs; txcsum_off c vc
ip netns exec s dnsmasq --no-daemon --conf-file=/dev/null --port=0 --interface=vs --bind-interfaces --no-ping \
  --dhcp-range=10.9.0.100,10.9.0.150,255.255.255.0,12h --dhcp-option=option:router,10.9.0.1 \
  --dhcp-leasefile=/tmp/vnet-cap-dnsmasq.leases --pid-file=/tmp/vnet-cap-dnsmasq.pid 2>/dev/null & DNSMASQ=$!
capture c vc linux-6.18-dhcp.pcap
ip netns exec c timeout 4 dhclient -d -1 -sf /bin/true -lf /tmp/vnet-cap-dhclient.leases -pf /tmp/vnet-cap-dhclient.pid vc 2>/dev/null || true
stop
kill $DNSMASQ; wait $DNSMASQ || true
rm -f /tmp/vnet-cap-dnsmasq.leases /tmp/vnet-cap-dnsmasq.pid /tmp/vnet-cap-dhclient.leases /tmp/vnet-cap-dhclient.pid
