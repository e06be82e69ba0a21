# Capture real packets for tests/wire golden bytes. Run as root:
#   OUT=linux-6.18-router.pcap unshare --net --mount --propagation private bash linux-6.18-router.sh
# Topology: a (10.0.1.2) -- r (10.0.1.1 | 10.0.2.1, mtu 1280 towards b) -- b (10.0.2.2)
set -e
mkdir -p /run/netns; mount -t tmpfs tmpfs /run/netns; mount -t sysfs sysfs /sys
for n in a r b; do ip netns add $n; ip -n $n link set lo up; done
ip link add va netns a type veth peer name ra netns r
ip link add vb netns b type veth peer name rb netns r
ip -n a link set va address 02:00:00:00:00:0a; ip -n r link set ra address 02:00:00:00:01:0a
ip -n b link set vb address 02:00:00:00:00:0b; ip -n r link set rb address 02:00:00:00:01:0b
ip -n a addr add 10.0.1.2/24 dev va; ip -n r addr add 10.0.1.1/24 dev ra
ip -n b addr add 10.0.2.2/24 dev vb; ip -n r addr add 10.0.2.1/24 dev rb
for x in "a va" "r ra" "r rb" "b vb"; do set -- $x; ip -n $1 link set $2 up; done
ip -n r link set rb mtu 1280; ip -n b link set vb mtu 1280
ip -n a route add default via 10.0.1.1; ip -n b route add default via 10.0.2.1
ip netns exec r sysctl -qw net.ipv4.ip_forward=1
ip netns exec a sysctl -qw net.ipv6.conf.all.disable_ipv6=1 || true
# veth offloads the UDP checksum (CHECKSUM_PARTIAL): turn tx checksumming off on va
# (ethtool -K va tx off, done with the SIOCETHTOOL ioctl) so the capture has real sums.
ip netns exec a python3 -c '
import ctypes, fcntl, socket, struct
ev = ctypes.create_string_buffer(struct.pack("II", 0x17, 0))  # ETHTOOL_STXCSUM, off
ifr = struct.pack("16sP", b"va", ctypes.addressof(ev)) + bytes(16)
fcntl.ioctl(socket.socket(socket.AF_INET, socket.SOCK_DGRAM), 0x8946, ifr)  # SIOCETHTOOL
'
ip netns exec a tcpdump -U -i va -w ${OUT:-/tmp/cap/a.pcap} -s 0 2>/dev/null & TD=$!
sleep 1
ip netns exec a ping -c1 -p 6162 -s 24 10.0.1.1 >/dev/null
ip netns exec a ping -c1 -t1 -s 16 10.0.2.2 >/dev/null || true
ip netns exec a ping -c1 -M do -s 1400 10.0.2.2 >/dev/null || true
ip netns exec a python3 -c '
import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("10.0.1.2",40000))
s.sendto(b"hello vnet", ("10.0.1.1", 53))
s.sendto(bytes(range(256))*4, ("10.0.1.1", 9999))
s.sendto(b"zero\x60\xb3", ("10.0.1.1", 7))  # checksum computes to 0, sent as 0xffff
'
sleep 1
kill $TD; wait $TD || true
