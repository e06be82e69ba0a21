# iptables: every command, match and target rendered by -L, -L -n -v, -S, iptables-save
iptables -L
iptables -L -n -v
iptables -A INPUT -s 10.0.0.0/8 -p tcp --dport 22 -j ACCEPT
iptables -A INPUT -i lo -j DROP
iptables -A FORWARD ! -s 1.2.3.4 -o eth0 -p icmp --icmp-type echo-request -j REJECT --reject-with icmp-host-unreachable
iptables -A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
iptables -A FORWARD -m state --state NEW -j LOG
iptables -N MYCHAIN
iptables -A MYCHAIN -p udp --sport 53 -j RETURN
iptables -A INPUT -j MYCHAIN
iptables -t nat -A POSTROUTING -o eth0 -j MASQUERADE
iptables -t nat -A POSTROUTING -s 10.1.0.0/16 -j SNAT --to-source 1.2.3.4
iptables -t nat -A PREROUTING -p udp --dport 80 -j DNAT --to-destination 10.0.0.2:8080
iptables -t nat -A PREROUTING -p tcp --dport 81 -j REDIRECT --to-ports 8080
iptables -L -n --line-numbers
iptables -L -v
iptables -S
iptables -t nat -S
iptables -t nat -L -n -v -x
iptables-save
iptables -A INPUT -j FOO; echo rc=$?
iptables -D INPUT -s 9.9.9.9 -j DROP; echo rc=$?
iptables -N MYCHAIN; echo rc=$?
iptables -A NOPE -j DROP; echo rc=$?
iptables -X INPUT; echo rc=$?
iptables -X MYCHAIN; echo rc=$?
iptables --bogus; echo rc=$?
iptables -L NOPE; echo rc=$?
