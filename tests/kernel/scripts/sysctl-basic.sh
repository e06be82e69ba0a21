# sysctl: reading, writing (-w, KEY=VALUE, /proc/sys), -n -q -N -e -b, errors and exit codes
sysctl -q -w net.ipv4.ip_forward=0
sysctl net.ipv4.ip_forward; echo "rc=$?"
sysctl -n net.ipv4.ip_forward; echo "rc=$?"
sysctl -w net.ipv4.ip_forward=1; echo "rc=$?"
sysctl net.ipv4.conf.lo.forwarding net.ipv4.conf.all.forwarding net.ipv4.conf.default.forwarding
sysctl net.ipv4.conf.all.accept_redirects
sysctl net.ipv4.ip_forward=0; echo "rc=$?"
sysctl net.ipv4.conf.all.accept_redirects net.ipv4.conf.default.accept_source_route
sysctl net/ipv4/ip_forward; echo "rc=$?"
sysctl -N net.ipv4.ip_forward
sysctl -b net.ipv4.ip_default_ttl; echo "|rc=$?"
sysctl --values net.ipv4.ip_default_ttl --names; echo "rc=$?"
sysctl -q -w net.ipv4.ip_default_ttl=65; echo "rc=$?"
sysctl -wn net.ipv4.ip_default_ttl=64; echo "rc=$?"
sysctl net.ipv4.nope; echo "rc=$?"
sysctl -e net.ipv4.nope; echo "rc=$?"
sysctl -q net.ipv4.nope; echo "rc=$?"
sysctl net.ipv4.nope net.ipv4.nope2; echo "rc=$?"
sysctl -n net.ipv4.ip_forward net.ipv4.nope net.ipv4.ip_default_ttl; echo "rc=$?"
sysctl -w net.ipv4.nope=1; echo "rc=$?"
sysctl net.ipv4.ip_forward.x; echo "rc=$?"
sysctl kernel.nope; echo "rc=$?"
sysctl " net.ipv4.ip_forward"; echo "rc=$?"
sysctl -w net.ipv4.ip_forward=abc; echo "rc=$?"
sysctl -w net.ipv4.ip_forward; echo "rc=$?"
sysctl -w net.ipv4.ip_forward=; echo "rc=$?"
sysctl -w net.ipv4.ip_forward = 1; echo "rc=$?"
sysctl -w "net.ipv4.ip_forward = 1"; echo "rc=$?"
sysctl -w net.ipv4.ip_forward="1 2"; sysctl net.ipv4.ip_forward
sysctl -w net.ipv4.ip_forward=0x0; sysctl net.ipv4.ip_forward
sysctl -w net.ipv4.ip_forward=+1; echo "rc=$?"
sysctl -w net.ipv4.ip_forward=2147483648; echo "rc=$?"
sysctl -w net.ipv4.ip_forward=5; sysctl net.ipv4.conf.lo.forwarding
sysctl -w net.ipv4.ip_forward=-1; sysctl net.ipv4.ip_forward
sysctl -w net.ipv4.ip_forward=0
sysctl -w net.ipv4.ip_default_ttl=0; echo "rc=$?"
sysctl -w net.ipv4.ip_default_ttl=256; echo "rc=$?"
sysctl -w net.ipv4.icmp_echo_ignore_all=2; echo "rc=$?"
sysctl -w net.ipv4.icmp_ratelimit=5; sysctl net.ipv4.icmp_ratelimit
sysctl -w net.ipv4.icmp_ratelimit=1000
sysctl net.ipv4.ip_local_port_range
sysctl -w net.ipv4.ip_local_port_range="2000 3000"; sysctl net.ipv4.ip_local_port_range
sysctl -w net.ipv4.ip_local_port_range=5; echo "rc=$?"
sysctl -w net.ipv4.ip_local_port_range="6000 5000"; echo "rc=$?"
sysctl -w net.ipv4.conf=1; echo "rc=$?"
sysctl -w net.ipv4.conf.all.rp_filter=2 net.ipv4.conf.lo.arp_ignore=1; echo "rc=$?"
sysctl -a -r 'conf\.lo\.arp_ignore$'
sysctl -a -N -r 'ip_default_ttl'
sysctl --pattern=ip_default_ttl net.ipv4; echo "rc=$?"
sysctl -w net.ipv6.conf.all.disable_ipv6=1; sysctl net.ipv6.conf.lo.disable_ipv6
cat /proc/sys/net/ipv4/ip_forward /proc/sys/net/ipv4/ip_local_port_range
echo 1 > /proc/sys/net/ipv4/ip_forward; cat /proc/sys/net/ipv4/ip_forward
cat /proc/sys/net/ipv4/nope; echo "rc=$?"
cat /proc/sys/net/ipv4/conf; echo "rc=$?"
ls /proc/sys/net/ipv4/conf
ls /proc/sys/net/ipv4/ip_forward
sysctl -w; echo "rc=$?"
sysctl -N -q net.ipv4.ip_forward; echo "rc=$?"
sysctl -z 2>/dev/null | head -2; echo "rc=$?"
sysctl -V
# writes through /proc/sys with bash's messages (less its script name and line)
wr() { ( echo "$2" > "$1" ) 2>&1 | sed 's/^.*line [0-9]*: //'; }
wr /proc/sys/net/ipv4/nope 1
wr /proc/sys/net/ipv4/ip_forward abc
wr /proc/sys/net/ipv4/ip_default_ttl 300
wr /proc/sys/net/ipv4/conf 1
wr /proc/sys/net/ipv4/ip_forward/x 1
: > /proc/sys/net/ipv4/ip_forward; cat /proc/sys/net/ipv4/ip_forward
