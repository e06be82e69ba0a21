# ping's options over a veth pair: count and interval, the -w deadline (it keeps sending
# past -c and ends the run), the -W linger time (only waited for when nothing answered),
# data sizes (no timing below 16 bytes; fragmentation above the MTU; -M do refuses that
# locally), TTL, pattern, TOS, identifier, quiet and numeric output, outstanding probes,
# zero and negative intervals, flood, the audible bell. Timings are masked by the
# comparison.
ip netns add a
ip netns add b
ip link add va type veth peer name vb
ip link set va netns a
ip link set vb netns b
ip -n a addr add 10.0.0.1/24 dev va
ip -n b addr add 10.0.0.2/24 dev vb
ip -n a link set lo up
ip -n b link set lo up
ip -n a link set va up
ip -n b link set vb up
# a device's qdisc drops what is sent before linkwatch has seen its carrier: let it settle
sleep 1

ip netns exec a ping -c 2 -i 0.2 10.0.0.2; echo "rc=$?"
ip netns exec a ping -c2 -i0.2 -qn 10.0.0.2; echo "rc=$?"
ip netns exec a ping 10.0.0.2 -c 1 -n; echo "rc=$?"
ip netns exec a ping -w 2 10.0.0.2; echo "rc=$?"
ip netns exec a ping -w 1 -c 5 -i 0.25 10.0.0.2; echo "rc=$?"
ip netns exec a ping -c 3 -w 5 -i 0.2 10.0.0.2; echo "rc=$?"
ip netns exec a ping -c 2 -i 0.2 -w 0 10.0.0.2; echo "rc=$?"
for size in 0 8 15 16 100 1472 2000 9000; do
    ip netns exec a ping -c 1 -s $size 10.0.0.2; echo "rc=$?"
done
ip netns exec a ping -c 1 -s 1472 -M do 10.0.0.2; echo "rc=$?"
ip netns exec a ping -c 2 -i 0.2 -s 1473 -M do 10.0.0.2; echo "rc=$?"
ip netns exec a ping -c 1 -s 3000 -M want 10.0.0.2; echo "rc=$?"
ip netns exec a ping -c 1 -s 3000 -M dont 10.0.0.2; echo "rc=$?"
ip netns exec a ping -c 1 -s 65507 10.0.0.2; echo "rc=$?"
ip netns exec a ping -c 1 -s 65508 10.0.0.2; echo "rc=$?"
ip netns exec a ping -c 1 -s 70000 -W 0.3 10.0.0.2; echo "rc=$?"
ip netns exec a ping -c 1 -t 1 10.0.0.2; echo "rc=$?"
ip netns exec a ping -c 1 -t 255 10.0.0.2; echo "rc=$?"
ip netns exec a ping -c 1 -p ff 10.0.0.2; echo "rc=$?"
ip netns exec a ping -c 1 -p 0102030405 -s 40 10.0.0.2; echo "rc=$?"
ip netns exec a ping -c 1 -q -p abc 10.0.0.2; echo "rc=$?"
ip netns exec a ping -c 1 -Q 0x10 10.0.0.2; echo "rc=$?"
ip netns exec a ping -c 1 -e 4660 10.0.0.2; echo "rc=$?"
ip netns exec a ping -c 3 -i 0 10.0.0.2; echo "rc=$?"
ip netns exec a ping -c 3 -f 10.0.0.2; echo "rc=$?"
ip netns exec a ping -c 3 -f -q 10.0.0.2; echo "rc=$?"
ip netns exec a ping -c 3 -i -1 10.0.0.2; echo "rc=$?"
ip netns exec a ping -c 2 -i 0.2 -a 10.0.0.2; echo "rc=$?"
ip netns exec a ping -c 1 -W 0 10.0.0.2; echo "rc=$?"

# nobody answers for .5 and .6: ARP is still trying when -W runs out
ip netns exec a ping -c 2 -i 0.2 -O -W 1 10.0.0.5; echo "rc=$?"
ip netns exec a ping -c 1 -W 0.5 10.0.0.6; echo "rc=$?"
ip netns exec a ping -c 1 -w 1 -W 5 10.0.0.6; echo "rc=$?"
sleep 3
ip -n a -4 neigh show
