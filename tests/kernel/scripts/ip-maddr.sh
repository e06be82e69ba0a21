# ip maddress: link-layer, IPv4 and IPv6 multicast memberships of lo, a veth and a bridge.
ip maddr
ip link add v0 type veth peer name v1
ip link add br0 type bridge
ip maddr show dev v0
ip link set lo up
ip link set v0 up
ip link set br0 up
sleep 2     # address configuration joins the solicited-node groups as DAD starts
ip maddr
ip -4 maddr
ip -6 maddr show dev br0
ip -0 maddr show br0
ip maddr show dev nosuch; echo "rc=$?"
ip maddr frob; echo "rc=$?"
ip maddr help; echo "rc=$?"
