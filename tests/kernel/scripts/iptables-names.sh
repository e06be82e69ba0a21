# names iptables -L prints without -n: /etc/hosts, then /etc/networks
iptables -A INPUT -s 169.254.0.0/16 -j ACCEPT
iptables -A INPUT -s 127.0.0.0/8 -d 127.0.0.1 -j ACCEPT
iptables -A INPUT -s 0.0.0.0 -d 255.255.255.255 -j ACCEPT
iptables -A INPUT -s 224.0.0.0/4 -j ACCEPT
iptables -L INPUT
iptables -A INPUT -s localhost -d loopback/8 -j ACCEPT
iptables -A INPUT -d link-local/16 -j ACCEPT
iptables -A INPUT -s nosuchhost -j ACCEPT; echo "rc=$?"
iptables -S INPUT
