# /sys/class/net and /sys/devices/virtual/net: listings, device attributes, writes
# a write, with bash's message (less its script name and line)
wr() { ( echo "$2" > "$1" ) 2>&1 | sed 's/^.*line [0-9]*: //'; }
sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
ls /sys/class/net
ip link add br0 type bridge mcast_snooping 0
ip link add veth0 address 02:00:00:00:00:10 type veth peer name veth1 address 02:00:00:00:00:11
ip tuntap add tap0 mode tap
ip tuntap add tun0 mode tun
ip link set veth0 master br0
ls /sys/class/net
ls /sys/devices/virtual/net
ls /sys/class/net/br0/brif
ls /sys/class/net/veth0/brif; echo "rc=$?"
ls /sys/class/net/nope; echo "rc=$?"
ls /sys/class/net/lo
ls /sys/class/net/veth0/statistics
ls /sys/class/net/veth0/mtu /sys/class/net/nope /sys/class/net/lo/mtu; echo "rc=$?"
ls /sys/class/net/br0/brif /sys/class/net/veth0/brport/../brport/bridge/brif
for f in address addr_len broadcast carrier dev_id dormant duplex flags ifalias ifindex iflink link_mode mtu operstate speed tx_queue_len type carrier_changes carrier_up_count carrier_down_count dev_port netdev_group proto_down testing uevent; do
  printf "%s: " $f; cat /sys/class/net/veth0/$f 2>&1
done
ip link set br0 up; ip link set veth0 up; ip link set veth1 up
for f in carrier operstate flags speed duplex dormant carrier_changes carrier_up_count; do
  printf "%s: " $f; cat /sys/class/net/veth0/$f 2>&1
done
for d in br0 lo tap0 tun0; do
  for f in address addr_len carrier operstate flags mtu type tx_queue_len ifindex iflink; do
    printf "%s %s: " $d $f; cat /sys/class/net/$d/$f 2>&1
  done
done
ip link set lo up
cat /sys/class/net/lo/operstate /sys/class/net/lo/carrier
cat /sys/class/net/lo/speed; echo "rc=$?"
cat /sys/class/net/veth0/master/ifindex /sys/class/net/br0/brif/veth0/state
cat /sys/class/net/veth0/nope; echo "rc=$?"
cat /sys/class/net; echo "rc=$?"
cat /sys/class/net/veth0/statistics/rx_packets /sys/class/net/veth0/statistics/tx_bytes
wr /sys/class/net/veth0/mtu 1400; cat /sys/class/net/veth0/mtu /sys/class/net/br0/mtu
wr /sys/class/net/veth0/mtu abc
wr /sys/class/net/veth0/mtu 70000
wr /sys/class/net/veth0/ifindex 5
wr /sys/class/net/veth0/carrier 1
wr /sys/class/net/nope/mtu 1
echo lab > /sys/class/net/veth0/ifalias; cat /sys/class/net/veth0/ifalias
echo 500 > /sys/class/net/veth0/tx_queue_len; cat /sys/class/net/veth0/tx_queue_len
wr /sys/class/net/veth0/address 1
