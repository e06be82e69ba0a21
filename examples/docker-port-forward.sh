# A Docker-style host: docker0 bridge, the DOCKER chains of nat and filter as dockerd
# writes them (addrtype LOCAL, DNAT to the container, MASQUERADE out, isolation chains)
ip netns add host
ip netns add ctr
ip netns add client
ip -n host link add docker0 type bridge
ip link add vethc netns host type veth peer name eth0 netns ctr
ip link add eth0 netns host type veth peer name eth0 netns client
ip -n host link set vethc master docker0
ip -n host addr add 172.17.0.1/16 dev docker0
ip -n host addr add 192.168.1.10/24 dev eth0
ip -n ctr addr add 172.17.0.2/16 dev eth0
ip -n client addr add 192.168.1.50/24 dev eth0
for l in docker0 vethc eth0 lo; do ip -n host link set $l up; done
for ns in ctr client; do ip -n $ns link set eth0 up; ip -n $ns link set lo up; done
ip -n ctr route add default via 172.17.0.1
ip netns exec host sysctl -q -w net.ipv4.ip_forward=1
ip netns exec host iptables-restore <<'RULES'
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
:DOCKER - [0:0]
-A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER
-A OUTPUT ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j DOCKER
-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE
-A DOCKER -i docker0 -j RETURN
-A DOCKER ! -i docker0 -p icmp -j DNAT --to-destination 172.17.0.2
COMMIT
*filter
:INPUT ACCEPT [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
:DOCKER - [0:0]
:DOCKER-ISOLATION-STAGE-1 - [0:0]
:DOCKER-ISOLATION-STAGE-2 - [0:0]
:DOCKER-USER - [0:0]
-A FORWARD -j DOCKER-USER
-A FORWARD -j DOCKER-ISOLATION-STAGE-1
-A FORWARD -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-A FORWARD -o docker0 -j DOCKER
-A FORWARD -i docker0 ! -o docker0 -j ACCEPT
-A FORWARD -i docker0 -o docker0 -j ACCEPT
-A DOCKER -d 172.17.0.2/32 ! -i docker0 -o docker0 -p icmp -j ACCEPT
-A DOCKER-ISOLATION-STAGE-1 -i docker0 ! -o docker0 -j DOCKER-ISOLATION-STAGE-2
-A DOCKER-ISOLATION-STAGE-1 -j RETURN
-A DOCKER-ISOLATION-STAGE-2 -o docker0 -j DROP
-A DOCKER-ISOLATION-STAGE-2 -j RETURN
-A DOCKER-USER -j RETURN
COMMIT
RULES
echo "rc=$?"
sleep 1
# the published "port": pinging the host's address reaches the container
ip netns exec ctr iptables -A INPUT -p icmp --icmp-type echo-request -s 192.168.1.50
ip netns exec client ping -c 2 -i 0.3 192.168.1.10 | grep -E 'bytes from|received'
ip netns exec ctr iptables -L INPUT -n -v -x
# the container reaches out through MASQUERADE
ip netns exec ctr ping -c 1 192.168.1.50 | grep -E 'bytes from|received'
ip netns exec client ip neigh show dev eth0 | cut -d' ' -f1
ip netns exec host iptables -L FORWARD -n -v -x
ip netns exec host iptables -t nat -L -n -v -x | grep -v "^Chain"  # (IGMP reports, which vnet lacks, hit the policies)
ip netns exec host conntrack -L -p icmp 2>&1 | sed 's/id=[0-9]*/id=ID/g' | sort
