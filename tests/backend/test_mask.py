"""Masking rules, one test per rule, on text captured from iproute2 6.1 / iputils 20221126.

Every "before" string here was printed by the real tool in a kernel sandbox.
"""

from __future__ import annotations

import pytest

from vnet.backend.mask import MAC_MASK, RULES, macs_in, mask

RULE_NAMES = {rule.name for rule in RULES}


def rule(name: str):
    assert name in RULE_NAMES
    fn = next(r.apply for r in RULES if r.name == name)
    return lambda text, keep=frozenset(): fn(text, frozenset(keep))


# --- mac ----------------------------------------------------------------------------


def test_mac_ip_link():
    before = (
        "3: va@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000\n"
        "    link/ether de:5d:b0:2a:1e:d9 brd ff:ff:ff:ff:ff:ff link-netns b\n"
    )
    after = (
        "3: va@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000\n"
        "    link/ether xx:xx:xx:xx:xx:xx brd ff:ff:ff:ff:ff:ff link-netns b\n"
    )
    assert rule("mac")(before) == after


def test_mac_loopback_all_zero_kept():
    line = "    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00"
    assert rule("mac")(line) == line


def test_mac_json_address():
    before = '[{"ifindex":3,"link_index":2,"ifname":"va","address":"de:5d:b0:2a:1e:d9","broadcast":"ff:ff:ff:ff:ff:ff","link_netnsid":1}]'
    after = '[{"ifindex":3,"link_index":2,"ifname":"va","address":"xx:xx:xx:xx:xx:xx","broadcast":"ff:ff:ff:ff:ff:ff","link_netnsid":1}]'
    assert rule("mac")(before) == after


def test_mac_neigh_and_brief_columns_keep_width():
    assert (
        rule("mac")("10.0.0.2 dev va lladdr 16:4b:04:9f:df:a2 REACHABLE ")
        == "10.0.0.2 dev va lladdr xx:xx:xx:xx:xx:xx REACHABLE "
    )
    before = "br0              UP             c2:a0:f5:dc:56:54 <BROADCAST,MULTICAST,UP,LOWER_UP> "
    after = rule("mac")(before)
    assert (
        after
        == "br0              UP             xx:xx:xx:xx:xx:xx <BROADCAST,MULTICAST,UP,LOWER_UP> "
    )
    assert len(after) == len(before)


def test_mac_multicast_and_reserved_kept():
    fdb = (
        "33:33:00:00:00:01 dev br0 self permanent\n"
        "01:00:5e:00:00:6a dev br0 self permanent\n"
        "66:76:58:ff:f4:4e dev v1 master br0 \n"
        "c2:a0:f5:dc:56:54 dev v1 master br0 permanent\n"
    )
    assert rule("mac")(fdb) == (
        "33:33:00:00:00:01 dev br0 self permanent\n"
        "01:00:5e:00:00:6a dev br0 self permanent\n"
        "xx:xx:xx:xx:xx:xx dev v1 master br0 \n"
        "xx:xx:xx:xx:xx:xx dev v1 master br0 permanent\n"
    )
    line = '"group_fwd_mask":"0","group_addr":"01:80:c2:00:00:00","mcast_snooping":1'
    assert rule("mac")(line) == line


def test_mac_keep_list_and_uppercase():
    before = "02:00:00:00:01:01 dev v1 master br0 permanent\n  1\t02:D2:67:E7:D4:4B\tyes"
    assert rule("mac")(before, {"02:00:00:00:01:01"}) == (
        "02:00:00:00:01:01 dev v1 master br0 permanent\n  1\txx:xx:xx:xx:xx:xx\tyes"
    )


def test_mac_tcpdump_e():
    before = (
        "16:36:10.357798 b2:28:9a:ea:69:31 > 8a:ed:91:83:c1:4a, ethertype IPv4 (0x0800), "
        "length 98: 10.0.0.2 > 10.0.0.1: ICMP echo request, id 30, seq 1, length 64"
    )
    assert rule("mac")(before) == (
        "16:36:10.357798 xx:xx:xx:xx:xx:xx > xx:xx:xx:xx:xx:xx, ethertype IPv4 (0x0800), "
        "length 98: 10.0.0.2 > 10.0.0.1: ICMP echo request, id 30, seq 1, length 64"
    )


def test_mac_not_inside_ipv6_or_longer_hex():
    for text in ("2001:db8:0:1:2:3:4:5", "aa:bb:cc:dd:ee:ff:00", "inet6 ::1/128 scope host"):
        assert rule("mac")(text) == text


def test_mac_ifconfig_ether():
    before = "        ether c2:a0:f5:dc:56:54  txqueuelen 1000  (Ethernet)"
    assert rule("mac")(before) == "        ether xx:xx:xx:xx:xx:xx  txqueuelen 1000  (Ethernet)"


def test_mac_arp_n_and_a():
    assert (
        rule("mac")("10.0.0.2                 ether   b2:28:9a:ea:69:31   C                     va")
        == "10.0.0.2                 ether   xx:xx:xx:xx:xx:xx   C                     va"
    )
    assert (
        rule("mac")("? (10.0.0.2) at b2:28:9a:ea:69:31 [ether] on va")
        == "? (10.0.0.2) at xx:xx:xx:xx:xx:xx [ether] on va"
    )


def test_macs_in():
    script = "ip link set v1 address 02:00:00:00:00:0A\nbridge fdb add 02:00:00:00:01:01 dev v1\n"
    assert macs_in(script) == {"02:00:00:00:00:0a", "02:00:00:00:01:01"}


# --- solicited_node_mac / ipv6_solicited_node -----------------------------------------


def test_solicited_node_mac():
    # The low 24 bits come from the (random, EUI-64) link-local address.
    assert (
        rule("solicited_node_mac")("33:33:ff:dc:56:54 dev br0 self permanent")
        == "33:33:ff:xx:xx:xx dev br0 self permanent"
    )
    assert rule("solicited_node_mac")("\tlink  33:33:ff:83:c1:4a") == "\tlink  33:33:ff:xx:xx:xx"
    assert rule("solicited_node_mac")("\tlink  33:33:00:00:00:01") == "\tlink  33:33:00:00:00:01"


def test_ipv6_solicited_node():
    assert rule("ipv6_solicited_node")("\tinet6 ff02::1:ff83:c14a") == "\tinet6 ff02::1:ffxx:xxxx"
    assert rule("ipv6_solicited_node")("\tinet6 ff02::1") == "\tinet6 ff02::1"


# --- ipv6_link_local ------------------------------------------------------------------


def test_ipv6_link_local_addr_show():
    before = "    inet6 fe80::dc5d:b0ff:fe2a:1ed9/64 scope link tentative "
    assert (
        rule("ipv6_link_local")(before)
        == "    inet6 fe80::xxxx:xxxx:xxxx:xxxx/64 scope link tentative "
    )


def test_ipv6_link_local_brief_json_ifconfig_tcpdump():
    f = rule("ipv6_link_local")
    assert (
        f("br0              UP             10.1.0.1/24 fe80::c0a0:f5ff:fedc:5654/64 ")
        == "br0              UP             10.1.0.1/24 fe80::xxxx:xxxx:xxxx:xxxx/64 "
    )
    assert (
        f('{"family":"inet6","local":"fe80::dc5d:b0ff:fe2a:1ed9","prefixlen":64}')
        == '{"family":"inet6","local":"fe80::xxxx:xxxx:xxxx:xxxx","prefixlen":64}'
    )
    assert (
        f("        inet6 fe80::c0a0:f5ff:fedc:5654  prefixlen 64  scopeid 0x20<link>")
        == "        inet6 fe80::xxxx:xxxx:xxxx:xxxx  prefixlen 64  scopeid 0x20<link>"
    )
    assert (
        f("IP6 fe80::b028:9aff:feea:6931 > ff02::16: HBH ICMP6, multicast listener report v2")
        == "IP6 fe80::xxxx:xxxx:xxxx:xxxx > ff02::16: HBH ICMP6, multicast listener report v2"
    )


def test_ipv6_link_local_static_and_prefix_kept():
    f = rule("ipv6_link_local")
    for text in (
        "fe80::/64 dev va proto kernel metric 256 pref medium",
        "inet6 fe80::1/64 scope link",
    ):
        assert f(text) == text


# --- bridge_id ------------------------------------------------------------------------


def test_bridge_id_brctl_show():
    before = "br0\t\t8000.c2a0f5dc5654\tyes\t\tv1"
    assert rule("bridge_id")(before) == "br0\t\t8000.xxxxxxxxxxxx\tyes\t\tv1"


def test_bridge_id_showstp_and_sysfs():
    before = " bridge id\t\t8000.c2a0f5dc5654\n designated root\t8000.c2a0f5dc5654\n"
    assert (
        rule("bridge_id")(before)
        == " bridge id\t\t8000.xxxxxxxxxxxx\n designated root\t8000.xxxxxxxxxxxx\n"
    )
    assert rule("bridge_id")("8000.c2a0f5dc5654") == "8000.xxxxxxxxxxxx"
    assert rule("bridge_id")("8000.020000000001", {"02:00:00:00:00:01"}) == "8000.020000000001"


def test_bridge_id_ip_detail_is_the_mac_rule():
    before = "bridge_id 8000.c2:a0:f5:dc:56:54 designated_root 8000.c2:a0:f5:dc:56:54 root_port 0"
    assert (
        mask(before)
        == "bridge_id 8000.xx:xx:xx:xx:xx:xx designated_root 8000.xx:xx:xx:xx:xx:xx root_port 0"
    )
    before = '"bridge_id":"8000.c2:a0:f5:dc:56:54","root_id":"8000.c2:a0:f5:dc:56:54"'
    assert mask(before) == '"bridge_id":"8000.xx:xx:xx:xx:xx:xx","root_id":"8000.xx:xx:xx:xx:xx:xx"'


def test_bridge_id_leaves_versions_and_addresses():
    for text in ("iproute2-6.1.0", "10.0.0.1", "port id\t\t8001\t\t\tstate\t\t     forwarding"):
        assert rule("bridge_id")(text) == text


# --- ping -----------------------------------------------------------------------------


def test_ping_rtt():
    before = "64 bytes from 10.0.0.2: icmp_seq=1 ttl=64 time=0.082 ms"
    assert rule("ping_rtt")(before) == "64 bytes from 10.0.0.2: icmp_seq=1 ttl=64 time=X ms"
    assert rule("ping_rtt")("64 bytes from 10.0.0.2: icmp_seq=1 ttl=64 time=1023 ms").endswith(
        "time=X ms"
    )


def test_ping_total_time():
    f = rule("ping_total_time")
    assert (
        f("3 packets transmitted, 3 received, 0% packet loss, time 405ms")
        == "3 packets transmitted, 3 received, 0% packet loss, time Xms"
    )
    assert (
        f("4 packets transmitted, 0 received, +4 errors, 100% packet loss, time 1530ms")
        == "4 packets transmitted, 0 received, +4 errors, 100% packet loss, time Xms"
    )


def test_ping_rtt_summary():
    f = rule("ping_rtt_summary")
    assert (
        f("rtt min/avg/max/mdev = 0.037/0.058/0.082/0.018 ms")
        == "rtt min/avg/max/mdev = X/X/X/X ms"
    )
    assert (
        f("rtt min/avg/max/mdev = 0.003/0.005/0.050/0.010 ms, ipg/ewma 0.012/0.007 ms")
        == "rtt min/avg/max/mdev = X/X/X/X ms, ipg/ewma X/X ms"
    )
    assert (
        f("rtt min/avg/max/mdev = 0.021/0.031/0.038/0.007 ms, pipe 2")
        == "rtt min/avg/max/mdev = X/X/X/X ms, pipe 2"
    )


def test_ping_whole_run():
    before = (
        "PING 10.0.0.2 (10.0.0.2) 56(84) bytes of data.\n"
        "64 bytes from 10.0.0.2: icmp_seq=1 ttl=64 time=0.082 ms\n"
        "64 bytes from 10.0.0.2: icmp_seq=2 ttl=64 time=0.037 ms\n"
        "\n"
        "--- 10.0.0.2 ping statistics ---\n"
        "2 packets transmitted, 2 received, 0% packet loss, time 203ms\n"
        "rtt min/avg/max/mdev = 0.037/0.059/0.082/0.022 ms\n"
    )
    assert mask(before) == (
        "PING 10.0.0.2 (10.0.0.2) 56(84) bytes of data.\n"
        "64 bytes from 10.0.0.2: icmp_seq=1 ttl=64 time=X ms\n"
        "64 bytes from 10.0.0.2: icmp_seq=2 ttl=64 time=X ms\n"
        "\n"
        "--- 10.0.0.2 ping statistics ---\n"
        "2 packets transmitted, 2 received, 0% packet loss, time Xms\n"
        "rtt min/avg/max/mdev = X/X/X/X ms\n"
    )


def test_ping_errors_untouched():
    text = "From 10.1.0.1 icmp_seq=1 Destination Host Unreachable\nping: connect: Network is unreachable\npipe 4"
    assert mask(text) == text


# --- traceroute -----------------------------------------------------------------------


def test_traceroute_times():
    f = rule("traceroute_times")
    head = "traceroute to 10.0.0.2 (10.0.0.2), 30 hops max, 60 byte packets"
    assert f(head) == head
    assert f(" 1  10.0.0.2  0.051 ms  0.008 ms  0.005 ms") == " 1  10.0.0.2  X ms  X ms  X ms"
    assert f(" 2  * *") == " 2  * *"
    assert f("12  10.0.0.2  3004.127 ms !H  3004.101 ms !H") == "12  10.0.0.2  X ms !H  X ms !H"


# --- bridge timers --------------------------------------------------------------------


def test_bridge_timers_showstp():
    before = (
        " hello timer\t\t   1.99\t\t\ttcn timer\t\t   0.00\n"
        " topology change timer\t   0.00\t\t\tgc timer\t\t   0.08\n"
        " designated bridge\t8000.c2a0f5dc5654\tmessage age timer\t   0.00\n"
        " designated port\t8001\t\t\tforward delay timer\t  14.99\n"
        " designated cost\t   0\t\t\thold timer\t\t   0.00\n"
        " max age\t\t  20.00\t\t\tbridge max age\t\t  20.00\n"
    )
    assert rule("bridge_timers")(before) == (
        " hello timer\t\tT.TT\t\t\ttcn timer\t\tT.TT\n"
        " topology change timer\tT.TT\t\t\tgc timer\t\tT.TT\n"
        " designated bridge\t8000.c2a0f5dc5654\tmessage age timer\tT.TT\n"
        " designated port\t8001\t\t\tforward delay timer\tT.TT\n"
        " designated cost\t   0\t\t\thold timer\t\tT.TT\n"
        " max age\t\t  20.00\t\t\tbridge max age\t\t  20.00\n"
    )


def test_bridge_timers_ip_detail_and_json():
    before = "root_path_cost 0 topology_change 0 topology_change_detected 0 hello_timer    1.98 tcn_timer    0.00 topology_change_timer    0.00 gc_timer    0.08 group_fwd_mask 0"
    assert rule("bridge_timers")(before) == (
        "root_path_cost 0 topology_change 0 topology_change_detected 0 hello_timer T.TT tcn_timer T.TT topology_change_timer T.TT gc_timer T.TT group_fwd_mask 0"
    )
    before = '"root_path_cost":0,"hello_timer":1.98,"tcn_timer":0.00,"topology_change_timer":0.00,"gc_timer":0.07,"group_fwd_mask":"0"'
    assert rule("bridge_timers")(before) == (
        '"root_path_cost":0,"hello_timer":T.TT,"tcn_timer":T.TT,"topology_change_timer":T.TT,"gc_timer":T.TT,"group_fwd_mask":"0"'
    )


def test_bridge_timers_leave_settings():
    text = "bridge forward_delay 1500 hello_time 200 max_age 2000 ageing_time 30000 stp_state 1"
    assert rule("bridge_timers")(text) == text


def test_bridge_ageing_column():
    before = (
        "port no\tmac addr\t\tis local?\tageing timer\n"
        "  1\t02:00:00:00:01:01\tyes\t\t   0.00\n"
        "  2\te6:df:bd:f1:e0:71\tno\t\t  12.34\n"
    )
    assert rule("bridge_ageing_column")(before) == (
        "port no\tmac addr\t\tis local?\tageing timer\n"
        "  1\t02:00:00:00:01:01\tyes\t\tT.TT\n"
        "  2\te6:df:bd:f1:e0:71\tno\t\tT.TT\n"
    )


# --- capture timestamps ----------------------------------------------------------------


def test_capture_timestamps():
    f = rule("capture_timestamps")
    assert (
        f("16:36:10.357798 IP 10.0.0.2 > 10.0.0.1: ICMP echo request, id 30, seq 1, length 64")
        == "HH:MM:SS.ffffff IP 10.0.0.2 > 10.0.0.1: ICMP echo request, id 30, seq 1, length 64"
    )
    assert (
        f("1795278972.064978 IP6 fe80::1 > ff02::16: HBH ICMP6")
        == "SSSSSSSSSS.ffffff IP6 fe80::1 > ff02::16: HBH ICMP6"
    )
    assert f("2026-11-21 16:36:10.357798 ARP, Request").startswith("HH:MM:SS.ffffff ARP")
    text = "listening on va, link-type EN10MB (Ethernet), snapshot length 262144 bytes\n2 packets captured"
    assert f(text) == text


# --- neighbour order --------------------------------------------------------------------


def test_neigh_order_ip_neigh():
    # Two runs of the same script: the kernel's neighbour hash is seeded at random.
    run1 = (
        "10.1.0.13 dev br0 lladdr 02:00:00:00:00:03 PERMANENT \n"
        "10.1.0.12 dev br0 lladdr 02:00:00:00:00:02 PERMANENT \n"
        "10.1.0.11 dev br0 lladdr 02:00:00:00:00:01 PERMANENT \n"
        "---\n"
    )
    run2 = (
        "10.1.0.11 dev br0 lladdr 02:00:00:00:00:01 PERMANENT \n"
        "10.1.0.13 dev br0 lladdr 02:00:00:00:00:03 PERMANENT \n"
        "10.1.0.12 dev br0 lladdr 02:00:00:00:00:02 PERMANENT \n"
        "---\n"
    )
    f = rule("neigh_order")
    assert (
        f(run1)
        == f(run2)
        == (
            "10.1.0.11 dev br0 lladdr 02:00:00:00:00:01 PERMANENT \n"
            "10.1.0.12 dev br0 lladdr 02:00:00:00:00:02 PERMANENT \n"
            "10.1.0.13 dev br0 lladdr 02:00:00:00:00:03 PERMANENT \n"
            "---\n"
        )
    )


def test_neigh_order_states_and_stats():
    f = rule("neigh_order")
    before = "10.0.0.9 dev va INCOMPLETE \n10.0.0.2 dev va lladdr 16:4b:04:9f:df:a2 REACHABLE "
    assert (
        f(before)
        == "10.0.0.2 dev va lladdr 16:4b:04:9f:df:a2 REACHABLE \n10.0.0.9 dev va INCOMPLETE "
    )
    # iproute2 6.1 really prints "1/1/1probes" without a space.
    before = (
        "10.0.0.3 dev va  ref 1 used 1/61/1probes 4 INCOMPLETE \n"
        "10.0.0.2 dev va lladdr b2:28:9a:ea:69:31  ref 1 used 1/1/1probes 4 REACHABLE "
    )
    assert f(before).splitlines()[0].startswith("10.0.0.2 ")


def test_neigh_order_only_runs_of_entries():
    text = "echo b\n10.0.0.2 dev va FAILED \necho a\n10.0.0.1 dev va FAILED "
    assert rule("neigh_order")(text) == text


def test_neigh_order_arp():
    f = rule("neigh_order")
    before = (
        "Address                  HWtype  HWaddress           Flags Mask            Iface\n"
        "10.0.0.3                         (incomplete)                              va\n"
        "10.0.0.2                 ether   b2:28:9a:ea:69:31   C                     va\n"
    )
    assert f(before) == (
        "Address                  HWtype  HWaddress           Flags Mask            Iface\n"
        "10.0.0.2                 ether   b2:28:9a:ea:69:31   C                     va\n"
        "10.0.0.3                         (incomplete)                              va\n"
    )
    before = "? (10.0.0.3) at <incomplete> on va\n? (10.0.0.2) at b2:28:9a:ea:69:31 [ether] on va"
    assert (
        f(before)
        == "? (10.0.0.2) at b2:28:9a:ea:69:31 [ether] on va\n? (10.0.0.3) at <incomplete> on va"
    )


def test_neigh_json_order():
    before = (
        '[{"dst":"10.0.0.3","dev":"va","state":["INCOMPLETE"]},'
        '{"dst":"10.0.0.2","dev":"va","lladdr":"b2:28:9a:ea:69:31","state":["REACHABLE"]}]'
    )
    assert rule("neigh_json_order")(before) == (
        '[{"dst":"10.0.0.2","dev":"va","lladdr":"b2:28:9a:ea:69:31","state":["REACHABLE"]},'
        '{"dst":"10.0.0.3","dev":"va","state":["INCOMPLETE"]}]'
    )
    # Formatting is kept as printed, so a formatting difference still shows.
    spaced = '[{"dst": "10.0.0.3"},{"dst": "10.0.0.2"}]'
    assert rule("neigh_json_order")(spaced) == '[{"dst": "10.0.0.2"},{"dst": "10.0.0.3"}]'
    broken = '[{"dst":"10.0.0.3"},{"dst":'
    assert rule("neigh_json_order")(broken) == broken


# --- counters and the rest are compared as is -------------------------------------------------


def test_counters_not_masked():
    text = (
        "    RX:  bytes packets errors dropped  missed   mcast           \n"
        "           852      10      0       0       0       0 \n"
        "        RX packets 8  bytes 544 (544.0 B)\n"
    )
    assert mask(text) == text


@pytest.mark.parametrize(
    "text",
    [
        "10.0.0.0/24 dev va proto kernel scope link src 10.0.0.1 ",
        'Cannot find device "nosuch"',
        "b (id: 1)\na (id: 0)",
        "net.ipv4.ip_forward = 1",
        "10.1.0.0        0.0.0.0         255.255.255.0   U     0      0        0 br0",
    ],
)
def test_deterministic_text_untouched(text):
    assert mask(text) == text


def test_mask_is_idempotent():
    text = (
        "    link/ether de:5d:b0:2a:1e:d9 brd ff:ff:ff:ff:ff:ff\n"
        "    inet6 fe80::dc5d:b0ff:fe2a:1ed9/64 scope link \n"
        "br0\t\t8000.c2a0f5dc5654\tyes\t\tv1\n"
        "rtt min/avg/max/mdev = 0.037/0.058/0.082/0.018 ms\n"
    )
    once = mask(text)
    assert mask(once) == once
    assert MAC_MASK in once


def test_every_rule_is_named_and_documented():
    assert len(RULE_NAMES) == len(RULES)
    assert all(r.doc for r in RULES)


def test_unpadded_bridge_ids_from_ip_d_link_are_masked_like_padded_ones() -> None:
    line = "bridge_id 8000.2:0:0:0:0:a designated_root 8000.c2:a0:f5:dc:56:54 "
    assert mask(line) == ("bridge_id 8000.xx:xx:xx:xx:xx:xx "
                          "designated_root 8000.xx:xx:xx:xx:xx:xx ")
    assert mask(line, keep=["02:00:00:00:00:0a"]).startswith("bridge_id 8000.2:0:0:0:0:a ")
