# the bridge/ and brport/ directories: values, writes and refusals
# a write, with bash's message (less its script name and line)
wr() { ( echo "$2" > "$1" ) 2>&1 | sed 's/^.*line [0-9]*: //'; }
ip link add br0 type bridge
ip link add veth0 address 02:00:00:00:00:10 type veth peer name veth1 address 02:00:00:00:00:11
ip link set veth0 master br0
for f in ageing_time bridge_id forward_delay group_addr group_fwd_mask hash_elasticity hash_max hello_time max_age multicast_igmp_version multicast_last_member_count multicast_last_member_interval multicast_membership_interval multicast_mld_version multicast_querier multicast_querier_interval multicast_query_interval multicast_query_response_interval multicast_query_use_ifaddr multicast_router multicast_snooping multicast_startup_query_count multicast_stats_enabled nf_call_arptables nf_call_ip6tables nf_call_iptables no_linklocal_learn priority root_id root_path_cost root_port stp_state tcn_timer topology_change topology_change_detected topology_change_timer flush; do
  printf "%s: " $f; cat /sys/class/net/br0/bridge/$f 2>&1
done
for f in backup_port bpdu_guard broadcast_flood change_ack config_pending designated_bridge designated_cost designated_port designated_root group_fwd_mask hairpin_mode hold_timer isolated learning message_age_timer multicast_fast_leave multicast_flood multicast_router multicast_to_unicast neigh_suppress path_cost port_id port_no priority proxyarp proxyarp_wifi root_block state unicast_flood flush; do
  printf "%s: " $f; cat /sys/class/net/veth0/brport/$f 2>&1
done
wr /sys/class/net/br0/bridge/ageing_time 1000
wr /sys/class/net/br0/bridge/priority 0x10
wr /sys/class/net/br0/bridge/hello_time 50
wr /sys/class/net/br0/bridge/max_age 500
wr /sys/class/net/br0/bridge/forward_delay 100
wr /sys/class/net/br0/bridge/group_fwd_mask 0x4000
wr /sys/class/net/br0/bridge/group_fwd_mask 1
wr /sys/class/net/br0/bridge/ageing_time abc
wr /sys/class/net/br0/bridge/root_port 1
wr /sys/class/net/br0/bridge/flush 1
cat /sys/class/net/br0/bridge/ageing_time /sys/class/net/br0/bridge/priority /sys/class/net/br0/bridge/bridge_id /sys/class/net/br0/bridge/forward_delay /sys/class/net/br0/bridge/group_fwd_mask
wr /sys/class/net/br0/bridge/stp_state 1
cat /sys/class/net/br0/bridge/stp_state /sys/class/net/br0/bridge/forward_delay
bridge link
wr /sys/class/net/veth0/brport/path_cost 7
wr /sys/class/net/veth0/brport/path_cost 0
wr /sys/class/net/veth0/brport/priority 3
wr /sys/class/net/veth0/brport/priority 64
wr /sys/class/net/veth0/brport/hairpin_mode 1
wr /sys/class/net/veth0/brport/learning 0
wr /sys/class/net/veth0/brport/state 3
cat /sys/class/net/veth0/brport/port_id /sys/class/net/veth0/brport/designated_port /sys/class/net/veth0/brport/path_cost /sys/class/net/veth0/brport/hairpin_mode /sys/class/net/veth0/brport/learning
bridge -d link show dev veth0
