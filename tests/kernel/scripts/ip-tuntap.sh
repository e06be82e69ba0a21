# ip tuntap: persistent TUN and TAP devices, their flags, owner and group, how ip link
# shows them (qlen 500 for tun, link/none, NO-CARRIER without a reader, -d details),
# deletion, and the ioctl and parsing errors.
ip tuntap add dev tap0 mode tap; echo "rc=$?"
ip tuntap add dev tun0 mode tun user 0 group 27 multi_queue vnet_hdr pi; echo "rc=$?"
ip tuntap add mode tap; echo "rc=$?"
ip tuntap add mode tun one_queue; echo "rc=$?"
ip tuntap add name tapx mode tap user root group nogroup; echo "rc=$?"
ip tuntap add tap%d mode tap; echo "rc=$?"
ip tuntap
ip tuntap show
ip tuntap list
ip -j tuntap
ip -d tuntap
ip link
ip link set tap0 up
ip link set tun0 up
ip link set tun1 up
ip link show tap0
ip link show tun0
ip link show tun1
ip -d link show tap0
ip -d link show tun0
ip -d -j link show tun1
ip -d link show tapx
ip link set tap0 down
ip link show tap0
ip tuntap del dev tap1 mode tap; echo "rc=$?"
ip tuntap del tun1 mode tun; echo "rc=$?"
ip tuntap del dev nosuch mode tap; echo "rc=$?"
ip link del tapx; echo "rc=$?"
ip tuntap

# errors
ip tuntap add dev tap0 mode tap; echo "rc=$?"
ip tuntap add dev lo mode tap; echo "rc=$?"
ip tuntap add dev tap9; echo "rc=$?"
ip tuntap add dev tap9 mode foo; echo "rc=$?"
ip tuntap add dev tap9 mode tap mode tun; echo "rc=$?"
ip tuntap add dev tap9 mode tap user nosuchuser; echo "rc=$?"
ip tuntap add dev tap9 mode tap group nosuchgroup; echo "rc=$?"
ip tuntap add dev 0123456789abcdef mode tap; echo "rc=$?"
ip tuntap add tap9 tap8 mode tap; echo "rc=$?"
ip tuntap add dev tap9 mode; echo "rc=$?"
ip tuntap del tap0; echo "rc=$?"
ip tuntap del tap0 mode tun; echo "rc=$?"
ip tuntap del tun0 mode tun; echo "rc=$?"
ip tuntap del lo mode tap; echo "rc=$?"
ip tuntap del tap0 mode tap user 0; echo "rc=$?"
ip link add t9 type tun; echo "rc=$?"
ip tuntap
