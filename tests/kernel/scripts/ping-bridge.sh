# ping across a Linux bridge: three namespaces plugged into br0 in a fourth. Replies
# from every host, fragments, a port going down (frames to it are dropped: no reply),
# ARP for a host nobody has failing, a broadcast ping with -b (hosts ignore broadcast
# echoes by default), the bridge's own address answering, and the neighbour tables.
# (Each dump comes less than 5 s after the traffic that set its entries, so no entry is
# half-way through a DELAY or REACHABLE timer that real-time jitter could tip.)
ip netns add sw
for i in 1 2 3; do
    ip netns add h$i
    ip link add eth0 netns h$i type veth peer name p$i netns sw
    ip -n h$i addr add 10.0.0.$i/24 dev eth0
    ip -n h$i link set lo up
    ip -n h$i link set eth0 up
done
ip -n sw link add br0 type bridge
for i in 1 2 3; do
    ip -n sw link set p$i master br0
    ip -n sw link set p$i up
done
ip -n sw addr add 10.0.0.254/24 dev br0
ip -n sw link set lo up
ip -n sw link set br0 up
# the kernel enables bridge ports when linkwatch reports their carrier, up to 1 s later
sleep 2

ip netns exec h1 ping -c 2 -i 0.2 10.0.0.2; echo "rc=$?"
ip netns exec h1 ping -c 2 -i 0.2 10.0.0.3; echo "rc=$?"
ip netns exec h2 ping -c 3 -i 0.2 -q -s 4000 10.0.0.1; echo "rc=$?"
ip -n sw link set p3 down
ip netns exec h1 ping -c 2 -i 0.2 -W 1 10.0.0.3; echo "rc=$?"
ip netns exec h2 ping -c 2 -i 0.5 10.0.0.9; echo "rc=$?"
ip netns exec h1 ping -c 1 -W 0.5 10.0.0.255; echo "rc=$?"
ip netns exec h1 ping -c 1 -W 0.5 -b 10.0.0.255; echo "rc=$?"
ip -n h1 -4 neigh show
ip -n h2 -4 neigh show
# the bridge's own address; its neighbour entries right away (before any 5 s timer)
ip netns exec h1 ping -c 1 10.0.0.254; echo "rc=$?"
ip netns exec sw ping -c 1 -I br0 10.0.0.2; echo "rc=$?"
ip -n sw -4 neigh show
