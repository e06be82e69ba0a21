# iptables-restore from here-docs and pipes; iptables-save -c, -t; restore errors
iptables-restore <<'RULES'
*filter
:INPUT DROP [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:LOGDROP - [0:0]
-A INPUT -i lo -j ACCEPT
-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT
-A INPUT -j LOGDROP
-A LOGDROP -j LOG --log-prefix "dropped: "
-A LOGDROP -j DROP
COMMIT
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
-A POSTROUTING -s 10.0.0.0/24 -o eth0 -j MASQUERADE
COMMIT
RULES
echo "rc=$?"
iptables -S
iptables -t nat -S
iptables-save -t nat | grep -v '^#'
iptables-save -c | grep -v '^#'
echo '*filter
-A OUTPUT -d 1.2.3.4/32 -j REJECT
COMMIT' | iptables-restore -n
echo "rc=$?"
iptables -S OUTPUT
printf '*filter\n-A INPUT -j NOPE\nCOMMIT\n' | iptables-restore; echo "rc=$?"
printf '*filter\n-A INPUT -j ACCEPT\n' | iptables-restore; echo "rc=$?"
printf -- '-A INPUT -j ACCEPT\nCOMMIT\n' | iptables-restore; echo "rc=$?"
printf '*bogus\nCOMMIT\n' | iptables-restore; echo "rc=$?"
iptables -S INPUT
printf '*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n' | iptables-restore; echo "rc=$?"
iptables -S
iptables-save -t mangle; echo "rc=$?"
iptables -F; iptables -X; iptables -t nat -F
printf '*filter\n-A INPUT --bogus\nCOMMIT\n' | iptables-restore; echo "rc=$?"
printf '*filter\n-A INPUT -j ACCEPT\n-A NOPE -j ACCEPT\nCOMMIT\n' | iptables-restore; echo "rc=$?"
printf '*filter\n-A INPUT -s 1.2.3.4 -j ACCEPT\n-A INPUT -p tcp --dport 99999 -j ACCEPT\nCOMMIT\n' | iptables-restore; echo "rc=$?"
printf '*filter\n\n# c\n-D INPUT -j ACCEPT\nCOMMIT\n' | iptables-restore; echo "rc=$?"
printf '*filter\n-I INPUT -j DROP\n-N FOO\n-A FOO -j RETURN\nCOMMIT\n' | iptables-restore; echo "rc=$?"
iptables-save | grep -v '^#'
iptables-save -t bogus; echo "rc=$?"
iptables-save -t raw | grep -v '^#'; echo "rc=$?"
iptables-save | grep -c '^\*'
iptables-restore --bogus </dev/null; echo "rc=$?"
iptables-save --bogus; echo "rc=$?"
printf '*filter\n:INPUT BOGUS [0:0]\nCOMMIT\n' | iptables-restore; echo "rc=$?"
printf '*filter\n:NEWC - [0:0]\n:NEWC - [0:0]\nCOMMIT\n' | iptables-restore; echo "rc=$?"
printf '*filter\n-A INPUT -j ACCEPT\nCOMMIT\n*nat\n-A POSTROUTING -j BOGUS\nCOMMIT\n' | iptables-restore; echo "rc=$?"
iptables -S
iptables -F; iptables -X
printf '*filter\n:INPUT DROP [7:700]\n:FORWARD ACCEPT [0:0]\n:X - [3:30]\n[5:500] -A INPUT -j X\n-A INPUT -s 1.2.3.4 -j ACCEPT\n[2:20] -A X -j RETURN\nCOMMIT\n' | iptables-restore -c; echo rc=$?
iptables -L -v -n
iptables-save -c | grep -v '^#'
printf '*filter\n:INPUT ACCEPT [7:700]\n[5:500] -A INPUT -j ACCEPT\nCOMMIT\n' | iptables-restore; echo rc=$?
iptables -L INPUT -v -n
iptables -A INPUT -c 9 900 -j DROP; echo rc=$?
iptables -L INPUT -v -n
