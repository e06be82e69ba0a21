# ping's refusals, each with its message and exit status: usage and option errors
# (getopt, iputils' number parsers), names that do not resolve (a lab has no DNS),
# connect() failures (no route, route types, broadcast without -b), a bad -I, a TTL of 0,
# several destinations (source routing); and the odd forms of an IPv4 address that
# inet_aton accepts.
ip link set lo up
ip addr add 10.0.0.1/24 dev lo

ping; echo "rc=$?"
ping -c; echo "rc=$?"
ping -x 127.0.0.1; echo "rc=$?"
ping -h; echo "rc=$?"
ping -V; echo "rc=$?"
ping -c 0 127.0.0.1; echo "rc=$?"
ping -c abc 127.0.0.1; echo "rc=$?"
ping -c -1 127.0.0.1; echo "rc=$?"
ping -c "" 127.0.0.1; echo "rc=$?"
ping -c 99999999999999999999 127.0.0.1; echo "rc=$?"
ping -s -1 127.0.0.1; echo "rc=$?"
ping -t 300 127.0.0.1; echo "rc=$?"
ping -w abc 127.0.0.1; echo "rc=$?"
ping -w -1 127.0.0.1; echo "rc=$?"
ping -e 70000 127.0.0.1; echo "rc=$?"
ping -W -1 127.0.0.1; echo "rc=$?"
ping -W "" 127.0.0.1; echo "rc=$?"
ping -W 1e999 127.0.0.1; echo "rc=$?"
ping -i inf 127.0.0.1; echo "rc=$?"
ping -c 1 -W abc 127.0.0.1; echo "rc=$?"
ping -c 2 -i 1x 127.0.0.1; echo "rc=$?"
ping -M foo 127.0.0.1; echo "rc=$?"
ping -Q 300 127.0.0.1; echo "rc=$?"
ping -Q 1x 127.0.0.1; echo "rc=$?"
ping -p xyz 127.0.0.1; echo "rc=$?"
ping -c 1 -t 0 127.0.0.1; echo "rc=$?"
ping -c 1 -I nosuch 127.0.0.1; echo "rc=$?"
ping -c 1 -I 10.9.9.9 127.0.0.1; echo "rc=$?"
ping -c 1 -6 127.0.0.1; echo "rc=$?"
ping -c 1 127.0.0.1 127.0.0.2; echo "rc=$?"

ping -c 1 ""; echo "rc=$?"
ping -c 1 nosuch; echo "rc=$?"
ping -c 1 no.such.example; echo "rc=$?"
ping -c 1 a..b; echo "rc=$?"
ping -c 1 10.0.0.300; echo "rc=$?"
ping -c 1 "10.0.0.1 "; echo "rc=$?"
ping -c 1 -- -; echo "rc=$?"

ping -c 1 192.0.2.1; echo "rc=$?"
ping -c 1 255.255.255.255; echo "rc=$?"
ping -c 1 10.0.0.255; echo "rc=$?"
ip route add unreachable 198.51.100.0/24
ip route add prohibit 198.51.101.0/24
ip route add blackhole 198.51.102.0/24
ping -c 1 198.51.100.1; echo "rc=$?"
ping -c 1 198.51.101.1; echo "rc=$?"
ping -c 1 198.51.102.1; echo "rc=$?"
# with -I ADDR there is no connect() first: sendto() fails, and ping says nothing
ping -c 2 -i 0.2 -W 0.3 -I 10.0.0.1 198.51.102.1; echo "rc=$?"
ping -c 2 -i 0.2 -W 0.3 -I 10.0.0.1 198.51.100.1; echo "rc=$?"
ping -c 1 -W 0.3 -I 10.0.0.1 192.0.2.1; echo "rc=$?"

ping -c 1 localhost; echo "rc=$?"
ping -c 1 -n localhost; echo "rc=$?"
for addr in 127.1 0x7f000001 2130706433 017700000001 0 10.1; do
    ping -c 1 $addr; echo "rc=$?"
done
