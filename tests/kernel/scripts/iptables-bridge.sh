# br_netfilter: bridged IPv4 goes through iptables (net.bridge.bridge-nf-call-iptables=1):
# PREROUTING, FORWARD and POSTROUTING with the bridge as in/out device, and conntrack
ip netns add h
ip netns add a
ip netns add b
ip -n h link add br0 type bridge
ip link add a0 netns a type veth peer name pa netns h
ip link add b0 netns b type veth peer name pb netns h
ip -n h link set pa master br0
ip -n h link set pb master br0
ip -n a addr add 10.0.0.1/24 dev a0
ip -n b addr add 10.0.0.2/24 dev b0
for l in br0 pa pb; do ip -n h link set $l up; done
ip -n a link set a0 up
ip -n b link set b0 up
sleep 1
ip netns exec a ping -c 1 -W 1 10.0.0.2 | grep received
ip netns exec h sysctl net.bridge.bridge-nf-call-iptables
ip netns exec h iptables -A FORWARD -i br0 -o br0 -p icmp --icmp-type echo-request
ip netns exec h iptables -A FORWARD -i pa -p icmp
ip netns exec h iptables -A FORWARD -m conntrack --ctstate ESTABLISHED -p icmp
ip netns exec h iptables -t nat -A PREROUTING -i br0 -p icmp
ip netns exec h iptables -t nat -A POSTROUTING -o br0 -p icmp
ip netns exec a ping -c 2 -i 0.3 -W 1 10.0.0.2 | grep received
ip netns exec h iptables -L FORWARD -v -n -x
ip netns exec h iptables -t nat -L -v -n -x
ip netns exec h conntrack -L -p icmp 2>&1 | sed 's/id=[0-9]*/id=ID/g'
# isolate the two tenants
ip netns exec h iptables -I FORWARD -s 10.0.0.1 -d 10.0.0.2 -j DROP
ip netns exec a ping -c 1 -W 1 10.0.0.2 | grep received
ip netns exec b ping -c 1 -W 1 10.0.0.1 | grep received
ip netns exec h sysctl -w net.bridge.bridge-nf-call-iptables=0
ip netns exec a ping -c 1 -W 1 10.0.0.2 | grep received
ip netns exec h iptables -L FORWARD 1 -v -n -x
