# nc (netcat-openbsd) clients against `vnet serve` daemons: port scans, a reply server
# that shows the client's address, an echo server, UDP, and the error paths.
ip netns add a
ip netns add b
ip link add eth0 netns a type veth peer name eth0 netns b
ip -n a addr add 10.0.0.1/24 dev eth0
ip -n b addr add 10.0.0.2/24 dev eth0
ip -n a link set eth0 up
ip -n b link set eth0 up
ip netns exec b vnet serve tcp 8080 reply "hello %a"
echo "serve rc=$?"
ip netns exec b vnet serve tcp 8080
echo "serve again rc=$?"
ip netns exec b vnet serve tcp 7
ip netns exec b vnet serve udp 7
ip netns exec b vnet serve udp 53 reply "dns %a"
vnet serve sctp 1; echo "usage rc=$?"
vnet serve tcp 0; echo "bad port rc=$?"
ip netns exec a nc -z -w1 10.0.0.2 8080; echo "z rc=$?"
ip netns exec a nc -zv -w1 10.0.0.2 8080; echo "zv rc=$?"
ip netns exec a nc -zv -w1 10.0.0.2 81; echo "zv closed rc=$?"
ip netns exec a nc -z 10.0.0.2 81; echo "z closed rc=$?"
echo hi | ip netns exec a nc -w1 10.0.0.2 8080; echo "reply rc=$?"
echo hi | ip netns exec a nc -w1 10.0.0.2 7; echo "echo rc=$?"
echo hi | ip netns exec a nc -N 10.0.0.2 7; echo "echo N rc=$?"
printf 'one\ntwo\n' | ip netns exec a nc -v -N 10.0.0.2 echo; echo "echo svc rc=$?"
echo hi | ip netns exec a nc -u -w1 10.0.0.2 7; echo "udp rc=$?"
echo hi | ip netns exec a nc -u -w1 10.0.0.2 53; echo "udp rc=$?"
echo hi | ip netns exec a nc -u -w1 10.0.0.2 54; echo "udp closed rc=$?"
ip netns exec a nc -zv -w1 10.0.0.9 80; echo "unreach rc=$?"
ip netns exec a nc -zv -w1 10.9.0.9 80; echo "noroute rc=$?"
ip netns exec a nc -z -w1 10.9.0.9 80; echo "noroute quiet rc=$?"
ip netns exec a nc -zv 10.0.0.2 http; echo "svc rc=$?"
ip netns exec a nc -zv 10.0.0.2 22; echo "ssh rc=$?"
ip netns exec a nc; echo "usage rc=$?"
ip netns exec a nc -z 10.0.0.2; echo "noport rc=$?"
ip netns exec a nc -z 10.0.0.2 99999; echo "badport rc=$?"
ip netns exec a nc -z 10.0.0.2 nosuchservice; echo "badsvc rc=$?"
ip netns exec a nc -z nosuchhost 80; echo "badhost rc=$?"
ip netns exec a nc -z -w x 10.0.0.2 80; echo "bad w rc=$?"
ip netns exec a nc -Y 10.0.0.2 80; echo "bad opt rc=$?"
ip netns exec a nc -z 10.0.0.2 0; echo "port0 rc=$?"
