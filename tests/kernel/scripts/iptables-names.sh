# names iptables -L prints without -n: /etc/hosts, then /etc/networks
iptables -A INPUT -s 169.254.0.0/16 -j ACCEPT
iptables -A INPUT -s 127.0.0.0/8 -d 127.0.0.1 -j ACCEPT
iptables -A INPUT -s 0.0.0.0 -d 255.255.255.255 -j ACCEPT
iptables -A INPUT -s 224.0.0.0/4 -j ACCEPT
iptables -L INPUT
