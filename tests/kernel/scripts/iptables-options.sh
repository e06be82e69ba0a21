# iptables: -V, -w/-W, -4/-6, -E, chain name checks, service names, address lists and
# masks, repeated options, rule numbers
iptables -V; echo rc=$?
iptables --version; echo rc=$?
iptables -w -A INPUT -j ACCEPT; echo rc=$?
iptables -w 5 -A INPUT -j ACCEPT; echo rc=$?
iptables -W 1000 -A INPUT -j ACCEPT; echo rc=$?
iptables -4 -A INPUT -j ACCEPT; echo rc=$?
iptables -6 -A INPUT -j ACCEPT; echo rc=$?
iptables -N OLD; iptables -A INPUT -j OLD
iptables -E OLD NEW; echo rc=$?
iptables -S
iptables -E NOPE X; echo rc=$?
iptables -E NEW INPUT; echo rc=$?
iptables -N -bad; echo rc=$?
iptables -N ACCEPT; echo rc=$?
iptables -N "a b"; echo rc=$?
iptables -N abcdefghijabcdefghijabcdefghij; echo rc=$?
iptables -N abcdefghijabcdefghijabcdefg; echo rc=$?
iptables -A INPUT -p tcp --dport 3128 -j ACCEPT
iptables -A INPUT -p udp --dport 5353 -j ACCEPT
iptables -A INPUT -p udp --dport 67:68 -j ACCEPT
iptables -A INPUT -p tcp --dport 8443 -j ACCEPT
iptables -A INPUT -p tcp --sport 1024: -j ACCEPT
iptables -A INPUT -p tcp --sport :1023 -j ACCEPT
iptables -A INPUT -p udp --dport 123 -j ACCEPT
iptables -A INPUT -p udp --dport 161 -j ACCEPT
iptables -A INPUT -p tcp --dport 6443 -j ACCEPT
iptables -A INPUT -p tcp --dport 2375 -j ACCEPT
iptables -L INPUT
iptables -A INPUT -p tcp --dport http -j ACCEPT; echo rc=$?
iptables -A INPUT -p tcp --dport nosuch -j ACCEPT; echo rc=$?
iptables -A INPUT -s 10.0.0.1,10.0.0.2 -j ACCEPT; echo rc=$?
iptables -A INPUT -s 10.0.0.0/33 -j ACCEPT; echo rc=$?
iptables -A INPUT -s 10.1.2.3/255.255.0.255 -j ACCEPT; echo rc=$?
iptables -S INPUT | tail -3
iptables -A INPUT -p tcp --dport 80 --dport 81 -j ACCEPT; echo rc=$?
iptables -A INPUT -j ACCEPT -j DROP; echo rc=$?
iptables -A INPUT -s 1.1.1.1 -s 2.2.2.2 -j DROP; echo rc=$?
iptables -A INPUT ! -j DROP; echo rc=$?
iptables -A; echo rc=$?
iptables -A INPUT -m; echo rc=$?
iptables -I INPUT 0 -j DROP; echo rc=$?
iptables -I INPUT x -j DROP; echo rc=$?
iptables -D INPUT 0; echo rc=$?
iptables -L INPUT 99; echo rc=$?
iptables -L INPUT 0; echo rc=$?
iptables -F NOPE; echo rc=$?
iptables -Z NOPE; echo rc=$?
