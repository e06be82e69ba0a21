# iptables: error messages and exit codes, listing variants, the nat table
iptables -D INPUT 5; echo rc=$?
iptables -X NOPE; echo rc=$?
iptables -P INPUT FOO; echo rc=$?
iptables -N X1; iptables -P X1 DROP; echo rc=$?
iptables -t bogus -L; echo rc=$?
iptables -A INPUT -p tcp --dport 99999 -j DROP; echo rc=$?
iptables -A INPUT -s 300.1.1.1 -j DROP; echo rc=$?
iptables -A INPUT -p foo -j DROP; echo rc=$?
iptables -C INPUT -j DROP; echo rc=$?
iptables -A INPUT -j DROP; iptables -C INPUT -j DROP; echo rc=$?
iptables -R INPUT 1 -s 1.2.3.4 -j ACCEPT; echo rc=$?
iptables -R INPUT 3 -j ACCEPT; echo rc=$?
iptables -I INPUT 5 -j ACCEPT; echo rc=$?
iptables -I INPUT -j DROP; iptables -I INPUT 2 -p udp --sport 1000:2000 -j ACCEPT
iptables -A INPUT -p udp ! --dport 53 -j REJECT
iptables -A INPUT -p icmp --icmp-type echo-reply -j ACCEPT
iptables -A INPUT -p icmp --icmp-type 3/1 -j ACCEPT
iptables -A INPUT -p icmp ! --icmp-type any -j ACCEPT
iptables -A INPUT -p icmp -j ACCEPT
iptables -A INPUT -p udp -j ACCEPT
iptables -A INPUT -m conntrack ! --ctstate INVALID -j ACCEPT
iptables -A INPUT -m state --state ESTABLISHED,RELATED,NEW,INVALID -j ACCEPT
iptables -A INPUT -i eth+ ! -o veth0 -j ACCEPT
iptables -A INPUT -d 127.0.0.1 ! -p tcp -j LOG --log-prefix "hi: " --log-level 6
iptables -A INPUT -p tcp -j REJECT --reject-with tcp-reset
iptables -A INPUT -p all -j ACCEPT
iptables -A INPUT -g X1
iptables -A INPUT -s 10.1.2.3/255.255.0.0 -j ACCEPT
iptables -L INPUT
iptables -L INPUT -n
iptables -S INPUT
iptables -S INPUT 2
iptables -L INPUT 2; echo rc=$?
iptables -Z; iptables -L -v -n -x OUTPUT
iptables -F; iptables -X; iptables -S; echo rc=$?
iptables -t nat -A POSTROUTING -j MASQUERADE --to-ports 1000-2000
iptables -t nat -A POSTROUTING -j SNAT --to-source 1.2.3.4-1.2.3.9:100-200
iptables -t nat -A PREROUTING -p tcp -j DNAT --to-destination 1.2.3.4:80
iptables -t nat -A PREROUTING -j DNAT --to-destination 1.2.3.4
iptables -t nat -A PREROUTING -p udp -j REDIRECT
iptables -t nat -A INPUT -j DROP; echo rc=$?
iptables -A INPUT -j MASQUERADE; echo rc=$?
iptables -t nat -L -n
iptables -t nat -S
iptables; echo rc=$?
iptables -L -Z -n; echo rc=$?
conntrack -L; echo rc=$?
