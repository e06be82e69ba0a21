# user chains: listing order, -X of one and of all (creation order, busy when referenced
# or not empty, all or nothing)
iptables -N ZZZ
iptables -N AAA
iptables -N MMM
iptables -A INPUT -j MMM
iptables -A INPUT -j ZZZ
iptables -A ZZZ -j AAA
iptables -L -n
iptables -S
iptables-save | grep -v '^#'
iptables -X AAA; echo rc=$?
iptables -F ZZZ; iptables -X AAA; echo rc=$?
iptables -X; echo rc=$?
iptables -S
iptables -D INPUT -j ZZZ
iptables -X; echo rc=$?
iptables -S
iptables -F; iptables -X
iptables -N MMM
iptables -N ZZZ
iptables -N BBB
iptables -A INPUT -j MMM
iptables -A INPUT -j ZZZ
iptables -A INPUT -j BBB
iptables -X; echo rc=$?
iptables -S
iptables -F; iptables -X
iptables -N A1
iptables -N B1
iptables -A A1 -j B1
iptables -A B1 -j ACCEPT
iptables -X; echo rc=$?
iptables -S
iptables -N C1
iptables -A C1 -j ACCEPT
iptables -X C1; echo rc=$?
iptables -N D1
iptables -N E1
iptables -A E1 -j D1
iptables -X D1; echo rc=$?
iptables -S
