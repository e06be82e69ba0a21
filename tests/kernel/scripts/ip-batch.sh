# ip -batch -: commands from standard input, comments and continuations, the failing
# line reported (and the batch stopped unless -force), exit() inside a command ending ip.
ip -batch - <<'END'
link add v0 type veth peer name v1
# a comment
addr add 10.0.0.1/24 \
   dev v0
link show v0
link set nosuch up
link show v1
END
echo "rc=$?"
ip -force -batch - <<'END'
link set nosuch up
addr add 10.0.0.2/24 dev v0 label "v0:x"
-4 addr show dev v0
address show dev v0
route add 10.9.0.0/16 via 10.0.0.9
neigh add 10.0.0.7 lladdr 02:00:00:00:00:07 dev v0
neigh add 10.0.0.7 lladdr 02:00:00:00:00:07 dev v0
link show lo
END
echo "rc=$?"
printf 'link show lo\naddr add 10.0.0.300/24 dev v0\nlink show lo\n' | ip -force -batch -
echo "rc=$?"
printf 'frob\nlink show lo\n' | ip -batch -
echo "rc=$?"
