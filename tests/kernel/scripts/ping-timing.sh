# When ping stops, with a neighbour that never answers ARP (three probes one second
# apart, then "Destination Host Unreachable" for every queued probe, sent over lo):
# -c waits for its answers or errors, -W bounds the wait only when nothing answered
# (and -W 0 waits for the errors), -w ends the run at its deadline or at the first
# error, probes bound to a device (-I) do not see errors that come in over lo. The last
# two addresses are still being resolved when the table is shown. Probes are kept well
# clear of the 3 s ARP failure (Linux's timers run late by up to 32 ms a period).
ip netns add a
ip link add va type veth peer name vb
ip link set va netns a
ip -n a addr add 10.0.0.1/24 dev va
ip -n a link set lo up
ip -n a link set va up
ip link set vb up
sleep 1

ip netns exec a ping -c 5 -i 0.3 10.0.0.6; echo "rc=$?"
ip netns exec a ping -w 5 -i 0.65 10.0.0.7; echo "rc=$?"
ip netns exec a ping -c 1 -W 0 10.0.0.8; echo "rc=$?"
ip netns exec a ping -c 3 -i 0.2 -q 10.0.0.9; echo "rc=$?"
ip netns exec a ping -c 2 -i 0.2 -W 4 -I va 10.0.0.10; echo "rc=$?"
ip netns exec a ping -c 2 -i 0.2 -w 1 10.0.0.11; echo "rc=$?"
ip netns exec a ping -c 2 -i 0.4 -W 0.5 10.0.0.12; echo "rc=$?"
ip -n a -4 neigh show
