# matches without their options, and tcp/udp/icmp matches against -p
iptables -A INPUT -m state -j ACCEPT; echo rc=$?
iptables -A INPUT -m conntrack -j ACCEPT; echo rc=$?
iptables -A INPUT -p tcp -m multiport -j ACCEPT; echo rc=$?
iptables -A INPUT -m comment -j ACCEPT; echo rc=$?
iptables -A INPUT -m addrtype -j ACCEPT; echo rc=$?
iptables -A INPUT -p tcp -m tcp -j ACCEPT; echo rc=$?
iptables -A INPUT -p udp -m udp -j ACCEPT; echo rc=$?
iptables -A INPUT -p icmp -m icmp -j ACCEPT; echo rc=$?
iptables -A INPUT -m tcp -j ACCEPT; echo rc=$?
iptables -A INPUT -p udp -m tcp --dport 1 -j ACCEPT; echo rc=$?
iptables -S INPUT
