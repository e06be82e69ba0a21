# nat table and target errors: policies, targets per hook (also through user chains),
# missing and malformed options, REJECT/LOG/state/icmp option errors
iptables -t nat -P PREROUTING DROP; echo rc=$?
iptables -t nat -A POSTROUTING -j DNAT --to-destination 1.2.3.4; echo rc=$?
iptables -t nat -A PREROUTING -j SNAT --to-source 1.2.3.4; echo rc=$?
iptables -t nat -A PREROUTING -j MASQUERADE; echo rc=$?
iptables -t nat -A POSTROUTING -j REDIRECT; echo rc=$?
iptables -t nat -A POSTROUTING -j SNAT; echo rc=$?
iptables -t nat -A PREROUTING -j DNAT; echo rc=$?
iptables -t nat -A POSTROUTING -j MASQUERADE --to-ports 100; echo rc=$?
iptables -t nat -A POSTROUTING -j SNAT --to-source 1.2.3; echo rc=$?
iptables -t nat -A POSTROUTING -p tcp -j SNAT --to-source 1.2.3.4:x; echo rc=$?
iptables -t nat -A POSTROUTING -p tcp -j SNAT --to-source 1.2.3.4:100-50; echo rc=$?
iptables -t nat -N MYNAT; iptables -t nat -A MYNAT -j MASQUERADE; echo rc=$?
iptables -t nat -A POSTROUTING -j MYNAT
iptables -t nat -A OUTPUT -p tcp -j REDIRECT --to-ports 8080; echo rc=$?
iptables -t nat -A INPUT -j SNAT --to-source 1.2.3.4; echo rc=$?
iptables -t nat -A MYNAT -j DNAT --to-destination 5.6.7.8; echo rc=$?
iptables -A INPUT -j REJECT --reject-with bogus; echo rc=$?
iptables -A INPUT -j REJECT --reject-with tcp-reset; echo rc=$?
iptables -A INPUT -p tcp -j REJECT --reject-with tcp-rst; echo rc=$?
iptables -A INPUT -j REJECT --reject-with icmp-net-prohibited; echo rc=$?
iptables -A INPUT -j LOG --log-level 9; echo rc=$?
iptables -A INPUT -j LOG --log-level debug --log-prefix "$(printf 'x%.0s' $(seq 1 30))"; echo rc=$?
iptables -A INPUT -m state --state FOO -j DROP; echo rc=$?
iptables -A INPUT -m conntrack --ctstate new -j DROP; echo rc=$?
iptables -A INPUT -p icmp --icmp-type bogus -j DROP; echo rc=$?
iptables -A INPUT -p udp --icmp-type 8 -j DROP; echo rc=$?
iptables -A INPUT -m foo -j DROP; echo rc=$?
iptables -A INPUT -p tcp --tcp-flags BOGUS SYN -j DROP; echo rc=$?
iptables -t nat -S
iptables -S
iptables -t nat -N SUB
iptables -t nat -A SUB -j DNAT --to-destination 9.9.9.9
iptables -t nat -A PREROUTING -j SUB; echo rc=$?
iptables -t nat -A POSTROUTING -j SUB; echo rc=$?
iptables -t nat -A MYNAT -j SUB; echo rc=$?
iptables -t nat -S
