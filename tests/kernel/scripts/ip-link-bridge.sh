# ip link with bridges: creation options, master/nomaster, bridge and bridge_slave details
# (-d with fixed MACs, since ether_ntoa prints bridge ids without zero padding), carrier
# and operstate of the bridge as ports come and go, and the option errors.
ip link add br0 address 02:00:00:00:0b:00 type bridge; echo "rc=$?"
ip link add br1 type bridge forward_delay 400 hello_time 300 max_age 1000 ageing_time 10 priority 4096 group_fwd_mask 8; echo "rc=$?"
ip link add br2 type bridge stp_state 1 forward_delay 100; echo "rc=$?"
ip link add br3 type bridge mcast_snooping 0 nf_call_iptables 1 group_address 01:80:c2:00:00:0e; echo "rc=$?"
ip link add type bridge; echo "rc=$?"
ip -br link
ip -d link show br0
ip -d -j link show br1
ip -d link show br2
ip -d link show br3
ip link set br1 type bridge stp_state 0 priority 8192 ageing_time 30000; echo "rc=$?"
ip -d link show br1
ip link add v0 address 02:00:00:00:00:01 type veth peer name v1 address 02:00:00:00:00:02
ip link add v2 address 02:00:00:00:00:03 type veth peer name v3 address 02:00:00:00:00:04
ip link set br0 up
ip -br link show br0
ip link set v0 master br0; echo "rc=$?"
ip -br link show br0
ip link show master br0
ip link show type bridge_slave
ip link show nomaster type veth
ip link set v0 up
ip -br link show br0
ip link set v1 up
ip link show br0
ip link show v0
ip -d link show v0
ip -d -j link show v0
ip link set v0 type bridge_slave cost 7 priority 9 learning off hairpin on flood off mcast_flood off bcast_flood off isolated on; echo "rc=$?"
ip -d link show v0
ip link set v2 master br0; echo "rc=$?"
ip link show master br0
ip link set v2 nomaster; echo "rc=$?"
ip link set v0 nomaster; echo "rc=$?"
ip link show br0
ip link set v0 master br1; echo "rc=$?"
ip link show br1
ip link set v0 master br0; echo "rc=$?"
ip link show v0
ip link del br0; echo "rc=$?"
ip link show v0

# errors
ip link add br9 type bridge hello_time 50; echo "rc=$?"
ip link add br9 type bridge max_age 100; echo "rc=$?"
ip link add br9 type bridge max_age 4001; echo "rc=$?"
ip link add br9 type bridge priority 70000; echo "rc=$?"
ip link add br9 type bridge group_fwd_mask 1; echo "rc=$?"
ip link add br9 type bridge group_address 01:80:c2:00:00:01; echo "rc=$?"
ip link add br9 type bridge vlan_filtering 1; echo "rc=$?"
ip link add br9 type bridge frob 1; echo "rc=$?"
ip link add br9 type bridge help; echo "rc=$?"
ip link add br1 type bridge; echo "rc=$?"
ip link set v2 type bridge stp_state 1; echo "rc=$?"
ip link set v2 type bridge_slave cost 5; echo "rc=$?"
ip link set v2 master br1
ip link set v2 type bridge_slave cost 0; echo "rc=$?"
ip link set v2 type bridge_slave priority 64; echo "rc=$?"
ip link set v2 type bridge_slave frob; echo "rc=$?"
ip link set v2 type bridge_slave learning maybe; echo "rc=$?"
ip link set br1 master br2; echo "rc=$?"
ip link set br1 netns 1; echo "rc=$?"
ip link set lo master br1; echo "rc=$?"
ip -br link
