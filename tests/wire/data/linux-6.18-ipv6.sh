# Capture real Linux IPv6 frames for tests/wire golden bytes. As root:
#   OUT=dir unshare --net --mount --propagation private bash linux-6.18-ipv6.sh
# Topology: a (2001:db8:1::2) -- r (2001:db8:1::1 | 2001:db8:2::1, mtu 1280 towards b)
#           -- b (2001:db8:2::2). Captured on a's veth from the moment its carrier comes up:
# DAD and MLDv2 reports, router solicitation, neighbour discovery, echo, hop limit
# exceeded, packet too big, port unreachable.
set -e
OUT=${OUT:-/tmp/cap3}
mkdir -p /run/netns; mount -t tmpfs tmpfs /run/netns; mount -t sysfs sysfs /sys
for n in a r b; do ip netns add $n; ip -n $n link set lo up; done
ip link add va netns a address 02:00:00:00:00:0a type veth peer name ra netns r address 02:00:00:00:01:0a
ip link add vb netns b address 02:00:00:00:00:0b type veth peer name rb netns r address 02:00:00:00:01:0b
ip netns exec r sysctl -qw net.ipv6.conf.all.forwarding=1
ip -n a addr add 2001:db8:1::2/64 dev va nodad; ip -n r addr add 2001:db8:1::1/64 dev ra nodad
ip -n b addr add 2001:db8:2::2/64 dev vb nodad; ip -n r addr add 2001:db8:2::1/64 dev rb nodad
ip -n r link set rb mtu 1280; ip -n b link set vb mtu 1280
ip -n r link set rb up; ip -n b link set vb up
ip -n a link set va up  # no carrier yet: addrconf waits
ip -n a -6 route add default via 2001:db8:1::1 dev va onlink
ip -n b -6 route add default via 2001:db8:2::1
# va sends with real UDP checksums (ethtool -K va tx off via SIOCETHTOOL/ETHTOOL_STXCSUM).
ip netns exec a python3 -c '
import ctypes, fcntl, socket, struct
ev = ctypes.create_string_buffer(struct.pack("II", 0x17, 0))
ifr = struct.pack("16sP", b"va", ctypes.addressof(ev)) + bytes(16)
fcntl.ioctl(socket.socket(socket.AF_INET, socket.SOCK_DGRAM), 0x8946, ifr)'
ip netns exec a tcpdump -U -s 0 -i va -w "$OUT/linux-6.18-ipv6.pcap" 2>/dev/null & TD=$!
sleep 1
ip -n r link set ra up   # carrier: DAD, MLD, RS from both ends
sleep 3
ip netns exec a ping -6 -c1 -p 6162 -s 24 2001:db8:1::1 >/dev/null
ip netns exec a ping -6 -c1 -t1 -s 16 2001:db8:2::2 >/dev/null || true
ip netns exec a ping -6 -c1 -M do -s 1400 2001:db8:2::2 >/dev/null || true
ip netns exec a python3 -c '
import socket; s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM); s.bind(("2001:db8:1::2", 40000))
s.sendto(b"hello vnet", ("2001:db8:1::1", 53))
s.sendto(bytes(range(256)) * 6, ("2001:db8:1::1", 9999))'
sleep 1
kill $TD; wait $TD || true
