# ip netns: add/list/delete (newest first, as readdir on tmpfs returns them), the netnsids
# Linux allocates lazily (a moved device's old namespace, a veth whose peer is elsewhere)
# and prints as "(id: N)", link-netns/link-netnsid in ip link, exec, identify, pids,
# set/list-id, and errors.
ip netns add red; echo "rc=$?"
ip netns add blue; echo "rc=$?"
ip netns add green; echo "rc=$?"
ip netns
ip netns list
ip -j netns list
ip link add v-red type veth peer name v-blue
ip netns list
ip link set v-red netns red
ip netns list
ip -n red netns list
ip link set v-blue netns blue
ip netns list
ip -n red netns list
ip -n blue netns list
ip -n red link show
ip -n red netns list
ip -n blue link show
ip -n red -j link show v-red
ip -n blue -d link show v-blue
ip -n green link add g0 type veth peer name g1 netns red
ip -n green netns list
ip -n red netns list
ip -n green link show g0
ip -n red link show g1
ip -n red netns list-id
ip netns list-id
ip netns set green 7; echo "rc=$?"
ip netns list
ip netns set green 8; echo "rc=$?"
ip -n blue netns set green auto; echo "rc=$?"
ip -n blue netns list
ip netns exec red ip link show lo
ip netns exec red ip -br link
ip netns exec blue ip netns identify
ip netns identify
ip netns pids red; echo "rc=$?"
ip -n red link set v-red netns blue; echo "rc=$?"
ip -n red link set v-red netns 1; echo "rc=$?"
ip link show v-red
ip netns list
ip link set v-red netns red; echo "rc=$?"
ip netns delete green; echo "rc=$?"
sleep 1  # the kernel destroys a namespace (and the veth ends in it) asynchronously
ip netns list
ip -n red link show
ip netns del blue; echo "rc=$?"
ip netns add blue; echo "rc=$?"
ip netns list

# errors
ip netns add red; echo "rc=$?"
ip netns add bad/name; echo "rc=$?"
ip netns add ..; echo "rc=$?"
ip netns add; echo "rc=$?"
ip netns del nosuch; echo "rc=$?"
ip netns delete; echo "rc=$?"
ip netns exec nosuch true; echo "rc=$?"
ip netns exec red; echo "rc=$?"
ip netns exec; echo "rc=$?"
ip netns identify foo; echo "rc=$?"
ip netns identify 1 2; echo "rc=$?"
ip netns pids; echo "rc=$?"
ip netns pids nosuch; echo "rc=$?"
ip netns set red; echo "rc=$?"
ip netns set red foo; echo "rc=$?"
ip netns set red -3; echo "rc=$?"
ip netns set nosuch 3; echo "rc=$?"
ip -n nosuch link show; echo "rc=$?"
ip -netns nosuch addr; echo "rc=$?"
ip netns frob; echo "rc=$?"
