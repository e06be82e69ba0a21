# nat targets as libvirt and Docker write them: user chains, --to-ports, --random,
# --random-fully, --persistent, port-only DNAT, OUTPUT DNAT
iptables -t nat -N LIBVIRT_PRT
iptables -t nat -A POSTROUTING -j LIBVIRT_PRT
iptables -t nat -A LIBVIRT_PRT -s 192.168.122.0/24 -d 224.0.0.0/24 -j RETURN
iptables -t nat -A LIBVIRT_PRT -s 192.168.122.0/24 -d 255.255.255.255/32 -j RETURN
iptables -t nat -A LIBVIRT_PRT -s 192.168.122.0/24 ! -d 192.168.122.0/24 -p tcp -j MASQUERADE --to-ports 1024-65535
iptables -t nat -A LIBVIRT_PRT -s 192.168.122.0/24 ! -d 192.168.122.0/24 -p udp -j MASQUERADE --to-ports 1024-65535
iptables -t nat -A LIBVIRT_PRT -s 192.168.122.0/24 ! -d 192.168.122.0/24 -j MASQUERADE
iptables -t nat -A POSTROUTING -j MASQUERADE --random
iptables -t nat -A POSTROUTING -j MASQUERADE --random-fully
iptables -t nat -A POSTROUTING -j SNAT --to-source 1.2.3.4 --random --persistent
iptables -t nat -A PREROUTING -p tcp -j DNAT --to-destination 1.2.3.4-1.2.3.8:80-90 --persistent
iptables -t nat -A PREROUTING -p tcp -j REDIRECT --to-ports 80-90 --random
iptables -t nat -A PREROUTING -p tcp -j DNAT --to-destination :8080; echo rc=$?
iptables -t nat -A OUTPUT -p tcp -d 127.0.0.1 --dport 80 -j DNAT --to-destination 127.0.0.1:8080
iptables -t nat -S
iptables -t nat -L -n
iptables -t nat -L
