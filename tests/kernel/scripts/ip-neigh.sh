# ip neigh: static entries in every NUD state, router flag, show filters and formats,
# replace/change/del, flush (and -s rounds), get, learned entries after a ping, and the
# error paths. Entry order is the kernel's hash order: the comparison sorts it.
ip netns add a
ip netns add b
ip link add va type veth peer name vb
ip link set va netns a
ip link set vb netns b
ip -n a addr add 10.0.0.1/24 dev va
ip -n b addr add 10.0.0.2/24 dev vb
ip -n a link set va up
ip -n b link set vb up
ip netns exec a ip neigh add 10.0.0.3 lladdr 02:00:00:00:00:03 dev va; echo "rc=$?"
ip -n a neigh add 10.0.0.4 lladdr 02:00:00:00:00:04 dev va nud reachable; echo "rc=$?"
ip -n a neigh add 10.0.0.5 lladdr 02:00:00:00:00:05 dev va nud stale; echo "rc=$?"
ip -n a neigh add 10.0.0.6 lladdr 02:00:00:00:00:06 dev va nud noarp; echo "rc=$?"
ip -n a neigh add 10.0.0.7 dev va nud failed; echo "rc=$?"
ip -n a neigh add 10.0.0.8 lladdr 02:00:00:00:00:08 dev va router nud permanent; echo "rc=$?"
ip -n a neigh add 10.0.0.9 lladdr 02:00:00:00:00:09:09 dev va; echo "rc=$?"
ip -n a neigh
ip -n a neigh show dev va
ip -n a -4 neigh show nud permanent
ip -n a -4 neigh show nud noarp
ip -n a neigh show nud stale nud failed
ip -n a neigh show 10.0.0.8
ip -n a neigh show to 10.0.0.0/29
ip -n a -j neigh show 10.0.0.8
ip -n a -j neigh show 10.0.0.7
ip -n a -br neigh
ip -n a neigh get 10.0.0.8 dev va; echo "rc=$?"
ip -n a neigh replace 10.0.0.3 lladdr 02:00:00:00:00:33 dev va nud stale; echo "rc=$?"
ip -n a neigh change 10.0.0.5 lladdr 02:00:00:00:00:55 dev va; echo "rc=$?"
ip -n a neigh del 10.0.0.4 dev va; echo "rc=$?"
ip -n a neigh
ip -n a neigh flush dev va; echo "rc=$?"
ip -n a -4 neigh show nud all
ip -n a -s neigh flush all; echo "rc=$?"
ip -n a neigh flush nud permanent; echo "rc=$?"
ip -n a -4 neigh show nud all
ip netns exec a ping -c 1 -q 10.0.0.2 > /dev/null; echo "rc=$?"
ip -n a neigh
ip -n b neigh show dev vb
ip -n a neigh show nud reachable

# errors
ip -n a neigh add 10.0.0.20 dev va; echo "rc=$?"
ip -n a neigh add 10.0.0.2 lladdr 02:00:00:00:00:02 dev va; echo "rc=$?"
ip -n a neigh add 10.0.0.21 lladdr 02:00 dev va; echo "rc=$?"
ip -n a neigh add 10.0.0.21 lladdr 02:00:00:00:00:21; echo "rc=$?"
ip -n a neigh add 10.0.0.21 lladdr 02:00:00:00:00:21 dev nosuch; echo "rc=$?"
ip -n a neigh add 10.0.0.21 lladdr zz dev va; echo "rc=$?"
ip -n a neigh add 10.0.0.21 lladdr 02:00:00:00:00:21 dev va nud bogus; echo "rc=$?"
ip -n a neigh add bogus lladdr 02:00:00:00:00:21 dev va; echo "rc=$?"
ip -n a neigh add 10.0.0.21 lladdr 02:00:00:00:00:21 lladdr 02:00:00:00:00:22 dev va; echo "rc=$?"
ip -n a neigh del 10.0.0.99 dev va; echo "rc=$?"
ip -n a neigh change 10.0.0.99 lladdr 02:00:00:00:00:99 dev va; echo "rc=$?"
ip -n a neigh flush; echo "rc=$?"
ip -n a neigh show dev nosuch; echo "rc=$?"
ip -n a neigh show nud bogus; echo "rc=$?"
ip -n a neigh get 10.0.0.99 dev va; echo "rc=$?"
ip -n a neigh get 10.0.0.99; echo "rc=$?"
