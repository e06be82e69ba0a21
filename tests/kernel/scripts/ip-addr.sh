# ip address: add (local, peer, brd +/-, label, scope, metric), the kernel's ordering of
# primaries by scope and of secondaries, show filters and formats (-4, -6, -br, -o, -j,
# -p, -s), del and its wildcard warning, flush (-s rounds), IPv6 addresses, and errors.
# Links stay down here, so no link-local IPv6 address appears.
ip link add v0 type veth peer name v1
ip addr add 10.0.0.1/24 dev v0; echo "rc=$?"
ip addr add 10.0.0.2/24 dev v0; echo "rc=$?"
ip addr add 10.0.1.1/16 brd + dev v0 label v0:1; echo "rc=$?"
ip addr add 10.2.0.1/24 brd - dev v0; echo "rc=$?"
ip addr add 192.168.1.1 peer 192.168.1.2/32 dev v0; echo "rc=$?"
ip addr add 172.16.0.1/24 broadcast 172.16.0.77 scope link dev v0; echo "rc=$?"
ip addr add 127.0.0.2/8 dev v1; echo "rc=$?"
ip addr add 10.9.0.1/24 dev v1 metric 50; echo "rc=$?"
ip addr add 10.9.1.1/255.255.255.0 dev v1 scope 200; echo "rc=$?"
ip addr add local 10.9.2.1/24 dev v1 label v1:x noprefixroute; echo "rc=$?"
ip addr add 2001:db8::1/64 dev v1 nodad; echo "rc=$?"
ip addr add 2001:db8::2/64 dev v1 nodad noprefixroute metric 20; echo "rc=$?"
ip addr change 2001:db8::2/64 dev v1 nodad noprefixroute metric 30; echo "rc=$?"
ip addr replace 2001:db8::3/64 dev v1 nodad; echo "rc=$?"
ip addr
ip address show
ip -4 addr
ip -6 addr
ip -6 addr show dev v1
ip addr show dev v0
ip addr show v1
ip addr show v0:1
ip addr show label v0:1
ip addr show label 'v0*'
ip addr show dev v0 scope link
ip addr show dev v0 scope global
ip addr show dev v0 secondary
ip addr show dev v0 primary
ip addr show dev v0 permanent
ip addr show dev v0 dynamic
ip addr show to 10.0.0.0/8
ip addr show to 10.0.0.2
ip -4 addr show up
ip addr show type veth
ip -j addr show dev v0
ip -j addr show dev v0 scope link
ip -j -p addr show dev v1
ip -br addr
ip -br -4 addr
ip -br -6 addr
ip -o addr
ip -o -4 addr show v0
ip -4 -o -br addr
ip -s addr show dev v0
ip -s -j addr show dev v1
ip -4 route show table all
ip addr change 10.9.0.1/24 dev v1 metric 60; echo "rc=$?"
ip addr replace 10.9.0.1/24 dev v1 metric 70; echo "rc=$?"
ip addr replace 10.9.3.1/24 dev v1; echo "rc=$?"
ip -4 addr show dev v1
ip addr del 10.0.0.1/24 dev v0; echo "rc=$?"
ip -4 addr show dev v0
ip -4 route show table all
ip addr del 10.0.1.1 dev v0; echo "rc=$?"
ip addr del 2001:db8::1/64 dev v1; echo "rc=$?"
ip addr show dev v1
ip addr flush dev v0; echo "rc=$?"
ip addr show dev v0
ip -s addr flush dev v1 scope global; echo "rc=$?"
ip -s addr flush dev v1; echo "rc=$?"
ip -s addr flush dev v0; echo "rc=$?"
ip addr show dev v1
ip -4 route show table all

# errors
ip addr add 10.0.0.1/24 dev nosuch; echo "rc=$?"
ip addr add 10.0.0.1/24; echo "rc=$?"
ip addr add 10.3.0.1/24 dev v0; echo "rc=$?"
ip addr add 10.3.0.1/24 dev v0; echo "rc=$?"
ip addr add 10.3.0.2/24 dev v0 scope link; echo "rc=$?"
ip addr add 10.3.0.1/25 dev v0; echo "rc=$?"
ip addr add 10.0.0.300/24 dev v0; echo "rc=$?"
ip addr add 10.0.0.1/33 dev v0; echo "rc=$?"
ip addr add bogus dev v0; echo "rc=$?"
ip addr add 10.4.0.1/24 10.4.0.2/24 dev v0; echo "rc=$?"
ip addr add 10.4.0.1/24 dev v0 scope nowhere2; echo "rc=$?"
ip addr add 10.4.0.1/24 dev v0 metric x; echo "rc=$?"
ip addr add 10.4.0.1/24 dev v0 peer 10.4.0.2 peer 10.4.0.3; echo "rc=$?"
ip addr add 10.4.0.1/24 dev v0 brd; echo "rc=$?"
ip addr add 10.4.0.1/24 dev v0 tentative; echo "rc=$?"
ip addr add 10.4.0.1/24 dev v0 nodad; echo "rc=$?"
ip addr del 10.9.9.9/24 dev v0; echo "rc=$?"
ip addr del 2001:db8::99/64 dev v1; echo "rc=$?"
ip addr del dev v0; echo "rc=$?"
ip addr show dev nosuch; echo "rc=$?"
ip addr show dev v0 dev v1; echo "rc=$?"
ip addr show scope bogus; echo "rc=$?"
ip addr show to bogus; echo "rc=$?"
ip addr flush; echo "rc=$?"
ip -0 addr flush dev v0; echo "rc=$?"
ip addr show dev v0
