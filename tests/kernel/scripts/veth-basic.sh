# A veth pair between two network namespaces: ip netns, ip link, ip addr, ip route.
# IPv6 is left on, so only IPv4 addresses are shown once links are up: link-local
# addresses are masked anyway, and their DAD state (tentative) depends on wall-clock timers.
ip netns add red
ip netns add blue
ip netns list

ip link add veth-red type veth peer name veth-blue
ip link show type veth
ip link set veth-red netns red
ip link set veth-blue netns blue
ip link show
ip -n red link show
ip -n blue link show

ip -n red addr add 10.0.0.1/24 dev veth-red
ip -n blue addr add 10.0.0.2/24 dev veth-blue
ip -n red addr show
ip netns list

ip -n red link set lo up
ip -n red link set veth-red up
ip -n red link show veth-red
ip -n blue link set veth-blue up
ip -n red -4 addr show
ip -n blue -4 -br addr show
ip -n red -br link show
ip -n red route show
ip -n blue route show table local
ip -n red -j route show
ip netns exec red ip route get 10.0.0.2
ip -n red route add default via 10.0.0.2
ip -n red route show

# Deleting one end deletes its peer. (Deleting a namespace also destroys its devices,
# but asynchronously: a `link show` right after `ip netns delete` races the kernel.)
ip -n red link delete veth-red
ip -n blue link show
ip netns delete blue
ip netns list
