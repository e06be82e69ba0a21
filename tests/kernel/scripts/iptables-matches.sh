# iptables: bundled options (-nvL, -Lnv), -S -v, multiport, comment, tcp flags and --syn
iptables -A INPUT -p tcp --dport 80 -j ACCEPT
iptables -A INPUT -p tcp -m multiport --dports 80,443,8000:8080 -j ACCEPT
iptables -A INPUT -m comment --comment "allow web" -p tcp --sport 80 -j ACCEPT
iptables -A INPUT -p tcp --syn -j ACCEPT
iptables -A INPUT -p tcp --tcp-flags SYN,ACK SYN -j ACCEPT
iptables -nvL
iptables -vnL INPUT --line-numbers
iptables -S -v
iptables -nL INPUT 1
iptables -t nat -nvL
iptables -Lnv; echo rc=$?
iptables -L INPUT -n -v --line-numbers -x
iptables -S INPUT -v
iptables -vS
iptables -L --line-numbers
iptables -F
iptables -A INPUT -j LOG --log-prefix abc
iptables -A INPUT -m comment --comment abc -j ACCEPT
iptables -A INPUT -m comment --comment 'a"b' -j ACCEPT
iptables -A INPUT -p udp -m multiport ! --sports 53,67:68 -j ACCEPT
iptables -A INPUT -p tcp -m multiport --ports 22 -j ACCEPT
iptables -A INPUT -p tcp ! --syn -j ACCEPT
iptables -A INPUT -p tcp --tcp-flags ALL NONE -j DROP
iptables -A INPUT -p icmp -m multiport --ports 22 -j ACCEPT; echo rc=$?
iptables -A INPUT -m comment --comment x -m comment --comment y -j ACCEPT
iptables -S INPUT
iptables -L INPUT
iptables -L INPUT -n
iptables-save | grep -v '^#'
