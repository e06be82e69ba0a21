# ip link: veth pairs (names, peers, netns), flags, mtu, address, rename, alias, txqlen,
# group, mode, show filters, -d/-s/-j/-p/-br/-o output, and the error paths.
ip link add v0 type veth peer name v1; echo "rc=$?"
ip link add name v2 type veth peer v3; echo "rc=$?"
ip link add type veth; echo "rc=$?"
ip link add type veth peer name p9; echo "rc=$?"
ip link add v8 type veth peer; echo "rc=$?"
ip link add v10 mtu 9000 address 02:00:00:00:00:10 txqlen 500 type veth peer name v11 mtu 1400 address 02:00:00:00:00:11
echo "rc=$?"
ip link add v12 up type veth peer name v13; echo "rc=$?"
sleep 1.5   # linkwatch computes the new veth's operstate within a second
ip link
ip -o link
ip -br link
ip -j link show v10
ip -j -p link show v11
ip link show type veth
ip link show up
ip -j link show up
ip link show dev v10
ip link show if1
ip -d link show v0
ip -d -j link show v1
ip -s link show v0
ip -s -s link show v1
ip -s -j link show v0
ip -s -s -j -p link show v0

ip link set v0 up; echo "rc=$?"
ip link show v0
ip link set dev v1 up; echo "rc=$?"
ip link show v0
ip -br link show v1
ip link set v0 mtu 1400; echo "rc=$?"
ip link set v0 address 02:00:00:00:00:aa; echo "rc=$?"
ip link set v0 txqueuelen 100 alias "hello world" group 7; echo "rc=$?"
ip link set v0 promisc on allmulticast on arp off; echo "rc=$?"
ip link set v0 dynamic on trailers off multicast off; echo "rc=$?"
ip link show v0
ip -d link show v0
ip -j link show v0
ip link show group 7
ip link set v0 promisc off allmulticast off arp on multicast on alias ""; echo "rc=$?"
ip link set v0 mode dormant; echo "rc=$?"
ip link show v0
ip link set v0 down; echo "rc=$?"
ip link set v0 name v0x; echo "rc=$?"
ip link set v1 name v1x; echo "rc=$?"
ip link show v1x
ip link set v0x name v0 mode default group default; echo "rc=$?"
ip link show

# errors
ip link add v0 type veth peer name v5; echo "rc=$?"
ip link add v5 type veth peer name v0; echo "rc=$?"
ip link add v5 type veth peer name v5; echo "rc=$?"
ip link add v5; echo "rc=$?"
ip link add name v5 dev v6 type veth; echo "rc=$?"
ip link add v5 type veth peer v6 peer v7; echo "rc=$?"
ip link add v5 type veth foo; echo "rc=$?"
ip link add v5 type veth peer name v6 type veth; echo "rc=$?"
ip link add v5 mtu 40 type veth; echo "rc=$?"
ip link add v5 mtu 70000 type veth; echo "rc=$?"
ip link add v5 address 01:00:00:00:00:01 type veth; echo "rc=$?"
ip link add x type nosuchkind; echo "rc=$?"
ip link add x type nosuchkind foo; echo "rc=$?"
ip link add t0 type tun; echo "rc=$?"
ip link add 0123456789abcdef type veth; echo "rc=$?"
ip link add "a b" type veth; echo "rc=$?"
ip link set; echo "rc=$?"
ip link set up; echo "rc=$?"
ip link set nosuch up; echo "rc=$?"
ip link set dev nosuch down; echo "rc=$?"
ip link set v0 frobnicate; echo "rc=$?"
ip link set v0 mtu 10; echo "rc=$?"
ip link set v0 mtu 100000; echo "rc=$?"
ip link set v0 mtu abc; echo "rc=$?"
ip link set v0 mtu 1400 mtu 1300; echo "rc=$?"
ip link set v0 address zz:zz; echo "rc=$?"
ip link set v0 address 02:00:00:00:00; echo "rc=$?"
ip link set v0 address 02:00:00:00:00:00:01; echo "rc=$?"
ip link set v0 address 01:00:00:00:00:01; echo "rc=$?"
ip link set v0 address 00:00:00:00:00:00; echo "rc=$?"
ip link set lo address 02:00:00:00:00:01; echo "rc=$?"
ip link set v0 name v1x; echo "rc=$?"
ip link set v0 name 0123456789abcdef; echo "rc=$?"
ip link set v0 name x/y; echo "rc=$?"
ip link set v0 promisc maybe; echo "rc=$?"
ip link set v0 arp; echo "rc=$?"
ip link set v0 carrier off; echo "rc=$?"
ip link set v0 txqueuelen abc; echo "rc=$?"
ip link set v0 group abc; echo "rc=$?"
ip link set v0 mode sleepy; echo "rc=$?"
ip link set v0 master nosuch; echo "rc=$?"
ip link set v0 master v1x; echo "rc=$?"
ip link set v0 netns nosuch; echo "rc=$?"
ip link set v0 netns 99999; echo "rc=$?"
ip link set v0 index 5; echo "rc=$?"
ip link show nosuch; echo "rc=$?"
ip link show dev v0 dev v1x; echo "rc=$?"
ip link show master nosuch; echo "rc=$?"
ip link show scope foo; echo "rc=$?"
ip link del; echo "rc=$?"
ip link del nosuch; echo "rc=$?"
ip link del lo; echo "rc=$?"
ip link del v0; echo "rc=$?"
ip link del v1x; echo "rc=$?"
ip link delete dev v2; echo "rc=$?"
ip -br link
