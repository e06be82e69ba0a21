"""Forwarding at a router (RFC 1812 5.2-5.3, RFC 792): TTL, checksum, ICMP errors and
who sends them from which address, what gets no error, MTU, rp_filter, redirects."""

from __future__ import annotations

from dataclasses import dataclass

from vnet.net import fib_semantics as fs
from vnet.net import neighbour as nud
from vnet.transport.raw import RawSocket
from vnet.wire import ethernet
from vnet.wire import icmp as icmpwire
from vnet.wire import ipv4 as ipwire
from vnet.wire.ipaddr import ip_from_str

H1, H2 = ip_from_str("10.0.1.1"), ip_from_str("10.0.2.1")
RA, RB = ip_from_str("10.0.1.254"), ip_from_str("10.0.2.254")


@dataclass
class Seen:
    ip: ipwire.Ipv4Packet
    msg: icmpwire.IcmpPacket


def icmp_log(ns) -> list[Seen]:  # type: ignore[no-untyped-def]
    """Every ICMP message delivered in `ns` (a raw socket's copy)."""
    log: list[Seen] = []
    RawSocket(ns.ipv4, 1, lambda ip, dev: log.append(
        Seen(ip, icmpwire.parse(ip.payload, verify_checksum=False))))
    return log


def spy(dev) -> list[bytes]:  # type: ignore[no-untyped-def]
    """Frames `dev` transmits."""
    frames: list[bytes] = []
    dev.tx_tap = lambda _dev, frame: frames.append(frame)
    return frames


def echo(src: int, dst: int, ttl: int = 64, seq: int = 1, size: int = 56,
         df: bool = False, ident: int = 7, frag_offset: int = 0, mf: bool = False) -> bytes:
    payload = icmpwire.echo_request(0x4242, seq, bytes(size)).emit()
    return ipwire.Ipv4Packet(src, dst, 1, payload, ttl=ttl, df=df, ident=ident,
                             frag_offset=frag_offset, mf=mf).emit()


def inject(lab, packet: bytes, src_dev: str = "h1", dst_dev: str = "ra",  # type: ignore[no-untyped-def]
           broadcast: bool = False) -> None:
    """Put an IP packet on the wire from `src_dev` to its peer `dst_dev`."""
    s, d = lab.dev[src_dev], lab.dev[dst_dev]
    d.receive(ethernet.emit_frame(b"\xff" * 6 if broadcast else d.mac, s.mac, 0x0800, packet))
    lab.world.run_for(0.01)


def add_route(ns, cidr: str, **kw) -> None:  # type: ignore[no-untyped-def]
    ip, plen = cidr.split("/")
    cfg = fs.FibConfig(ip_from_str(ip), int(plen), proto=3, create=True, excl=True, **kw)
    fs.table_insert(ns.ipv4, cfg)


def errors(log: list[Seen]) -> list[tuple[int, int, int]]:
    return [(s.ip.src, s.msg.type, s.msg.code) for s in log
            if s.msg.type not in (icmpwire.ECHO_REPLY, icmpwire.ECHO_REQUEST)]


# -- TTL and checksum (RFC 1812 5.3.1, RFC 1624) ------------------------------------------


def test_ttl_decremented_checksum_valid_and_mac_rewritten(host_router_host) -> None:
    lab = host_router_host
    frames = spy(lab.dev["rb"])
    p = lab.pinger("h1")
    p.send("10.0.2.1", 1, ttl=9)
    lab.world.run_for(1)
    assert [seq for _, _, seq in p.replies] == [1]
    requests = [f for f in frames if f[12:14] == b"\x08\x00"]
    assert len(requests) == 1
    frame = requests[0]
    ip = ipwire.parse(frame[14:])             # verify_checksum: raises if wrong
    assert ip.ttl == 8 and (ip.src, ip.dst) == (H1, H2)
    # the Ethernet header is the router's towards h2, the IP addresses stay
    assert frame[6:12] == lab.dev["rb"].mac and frame[0:6] == lab.dev["h2"].mac


def test_ttl_1_gets_time_exceeded_from_the_input_side_address(host_router_host) -> None:
    lab = host_router_host
    log = icmp_log(lab.ns["h1"])
    inject(lab, echo(H1, H2, ttl=1))
    assert errors(log) == [(RA, icmpwire.TIME_EXCEEDED, 0)]
    quoted = ipwire.parse_quoted(log[0].msg.payload)
    assert quoted.ttl == 1 and quoted.dst == H2          # the datagram as received
    assert log[0].ip.tos & 0xC0 == 0xC0                   # IPTOS_PREC_INTERNETCONTROL


def test_time_exceeded_source_is_the_reply_routes_source(host_router_host) -> None:
    """icmp_send routes back to the sender: with the way back through rb, the error
    comes from rb's address although the packet came in on ra."""
    lab = host_router_host
    add_route(lab.ns["r"], "10.9.9.0/24", gateway=H2)
    frames = spy(lab.dev["rb"])
    inject(lab, echo(ip_from_str("10.9.9.9"), H2, ttl=1))
    sent = [ipwire.parse(f[14:]) for f in frames if f[12:14] == b"\x08\x00"]
    assert [(ip.src, ip.dst, ip.payload[0]) for ip in sent] == \
        [(RB, ip_from_str("10.9.9.9"), icmpwire.TIME_EXCEEDED)]


# -- unreachables: ip_error -----------------------------------------------------------------


def test_no_route_net_unreachable_before_the_ttl_check(host_router_host) -> None:
    lab = host_router_host
    log = icmp_log(lab.ns["h1"])
    inject(lab, echo(H1, ip_from_str("10.7.0.1"), ttl=1))
    assert errors(log) == [(RA, icmpwire.DEST_UNREACH, 0)]


def test_route_types_answer_as_ip_error_does(host_router_host) -> None:
    lab = host_router_host
    r = lab.ns["r"]
    add_route(r, "10.5.0.0/16", type="unreachable")
    add_route(r, "10.6.0.0/16", type="prohibit")
    add_route(r, "10.8.0.0/16", type="blackhole")
    log = icmp_log(lab.ns["h1"])
    inject(lab, echo(H1, ip_from_str("10.5.0.1")))
    lab.world.run_for(3)
    inject(lab, echo(H1, ip_from_str("10.6.0.1")))
    lab.world.run_for(3)
    inject(lab, echo(H1, ip_from_str("10.8.0.1")))
    assert errors(log) == [(RA, icmpwire.DEST_UNREACH, 1), (RA, icmpwire.DEST_UNREACH, 13)]
    assert r.drops["BLACKHOLE"] == 1


def test_unreachable_answers_share_ip_error_and_icmp_buckets(host_router_host) -> None:
    """A burst of unroutable packets gets two answers (ip_error then icmp_send each take
    a second of the same inet_peer's tokens); after 5 s the next gets one again."""
    lab = host_router_host
    log = icmp_log(lab.ns["h1"])
    for i in range(6):
        inject(lab, echo(H1, ip_from_str("10.7.0.1"), seq=i))
    assert len(errors(log)) == 2
    lab.world.run_for(5)
    inject(lab, echo(H1, ip_from_str("10.7.0.1"), seq=9))
    assert len(errors(log)) == 3


def test_time_exceeded_rate_limit_burst_6_then_one_a_second(host_router_host) -> None:
    lab = host_router_host
    log = icmp_log(lab.ns["h1"])
    for i in range(10):
        inject(lab, echo(H1, H2, ttl=1, seq=i))
    assert len(errors(log)) == 6
    lab.world.run_for(1)
    for i in range(3):
        inject(lab, echo(H1, H2, ttl=1, seq=20 + i))
    assert len(errors(log)) == 7


def test_arp_failure_at_the_router_is_host_unreachable(host_router_host) -> None:
    lab = host_router_host
    log = icmp_log(lab.ns["h1"])
    inject(lab, echo(H1, ip_from_str("10.0.2.99")))
    lab.world.run_for(2.9)
    assert errors(log) == []
    lab.world.run_for(0.2)                   # mcast_solicit 3 probes, 1 s apart
    assert errors(log) == [(RA, icmpwire.DEST_UNREACH, 1)]


# -- what gets no error (RFC 1812 4.3.2.7) -----------------------------------------------


def test_no_error_about_an_icmp_error(host_router_host) -> None:
    lab = host_router_host
    log = icmp_log(lab.ns["h1"])
    quoted = echo(H2, H1)
    err = icmpwire.dest_unreach(3, quoted).emit()
    pkt = ipwire.Ipv4Packet(H1, ip_from_str("10.7.0.1"), 1, err, ttl=1).emit()
    inject(lab, pkt)
    pkt = ipwire.Ipv4Packet(H1, H2, 1, err, ttl=1).emit()
    inject(lab, pkt)
    assert errors(log) == []


def test_no_error_about_a_non_initial_fragment(host_router_host) -> None:
    lab = host_router_host
    log = icmp_log(lab.ns["h1"])
    inject(lab, echo(H1, H2, ttl=1, frag_offset=1480, ident=99))
    inject(lab, echo(H1, ip_from_str("10.7.0.1"), frag_offset=1480, ident=98))
    assert errors(log) == []
    inject(lab, echo(H1, H2, ttl=1, frag_offset=0, mf=True, ident=97))
    assert errors(log) == [(RA, icmpwire.TIME_EXCEEDED, 0)]


def test_no_error_about_a_link_broadcast_or_broadcast_destination(host_router_host) -> None:
    lab = host_router_host
    log = icmp_log(lab.ns["h1"])
    tx = lab.dev["rb"].stats.tx_packets
    inject(lab, echo(H1, ip_from_str("10.7.0.1")), broadcast=True)     # link broadcast
    inject(lab, echo(H1, H2, ttl=1), broadcast=True)
    inject(lab, echo(H1, ip_from_str("255.255.255.255")))             # limited broadcast
    inject(lab, echo(H1, ip_from_str("10.0.2.255")))                  # directed broadcast
    assert errors(log) == []
    assert lab.dev["rb"].stats.tx_packets == tx                       # nothing forwarded


def test_no_error_to_a_multicast_or_zero_source(host_router_host) -> None:
    lab = host_router_host
    log = icmp_log(lab.ns["h1"])
    inject(lab, echo(ip_from_str("224.0.0.5"), ip_from_str("10.7.0.1")))
    inject(lab, echo(0, ip_from_str("10.7.0.1")))
    assert errors(log) == []
    assert lab.ns["r"].drops["IP_INVALID_SOURCE"] == 2


# -- forwarding switches -------------------------------------------------------------------


def test_forwarding_is_decided_by_the_input_interface(host_router_host) -> None:
    lab = host_router_host
    r = lab.ns["r"]
    r.sysctl.set("net.ipv4.conf.rb.forwarding", "0")
    p1, p2 = lab.pinger("h1"), lab.pinger("h2", ident=0x77)
    p1.send("10.0.2.1", 1)                   # in on ra (forwarding): delivered; the
    lab.world.run_for(1)                     # reply comes in on rb and is dropped
    assert p1.replies == [] and r.drops["IP_INADDRERRORS"] == 1
    p2.send("10.0.1.1", 1)                   # in on rb: dropped, silently
    lab.world.run_for(1)
    assert p2.replies == [] and p2.errors == [] and r.drops["IP_INADDRERRORS"] == 2
    r.sysctl.set("net.ipv4.ip_forward", "0")
    r.sysctl.set("net.ipv4.ip_forward", "1")  # the global switch sets every device
    p1.send("10.0.2.1", 2)
    lab.world.run_for(1)
    assert [seq for _, _, seq in p1.replies] == [2]


# -- MTU (RFC 1191, RFC 791) ------------------------------------------------------------------


def test_df_too_big_gets_frag_needed_with_next_hop_mtu(host_router_host) -> None:
    lab = host_router_host
    lab.dev["rb"].set_mtu(1000)
    log = icmp_log(lab.ns["h1"])
    inject(lab, echo(H1, H2, size=1200, df=True))
    assert [(s.ip.src, s.msg.type, s.msg.code, s.msg.rest & 0xFFFF) for s in log] == \
        [(RA, icmpwire.DEST_UNREACH, 4, 1000)]
    # the quote holds as much of the datagram as fits 576 bytes (RFC 1812 4.3.2.3)
    assert len(log[0].ip.emit()) == 576


def test_df_clear_is_fragmented_on_8_byte_boundaries(host_router_host) -> None:
    lab = host_router_host
    lab.dev["rb"].set_mtu(1000)
    frames = spy(lab.dev["rb"])
    inject(lab, echo(H1, H2, size=2000, ident=0x1111))
    pieces = [ipwire.parse(f[14:]) for f in frames if f[12:14] == b"\x08\x00"]
    assert [(p.frag_offset, p.mf, p.total_len) for p in pieces] == \
        [(0, True, 996), (976, True, 996), (1952, False, 76)]
    assert all(p.ident == 0x1111 and p.ttl == 63 for p in pieces)


# -- reverse path filtering (RFC 3704) --------------------------------------------------------


def test_rp_filter_strict_and_loose(host_router_host) -> None:
    lab = host_router_host
    r = lab.ns["r"]
    spoofed = ip_from_str("10.9.9.9")
    add_route(r, "10.9.9.0/24", gateway=H2)          # the way back is through rb
    frames = spy(lab.dev["rb"])

    def forwarded() -> int:
        return sum(1 for f in frames if f[12:14] == b"\x08\x00" and
                   ipwire.parse(f[14:]).dst == H2 and f[14 + 20] == icmpwire.ECHO_REQUEST)

    inject(lab, echo(spoofed, H2))
    assert forwarded() == 1                          # rp_filter 0: forwarded
    r.sysctl.set("net.ipv4.conf.ra.rp_filter", "1")
    inject(lab, echo(spoofed, H2, seq=2))
    assert forwarded() == 1 and r.drops["IP_RPFILTER"] == 1
    r.sysctl.set("net.ipv4.conf.all.rp_filter", "2")  # max(all, dev) = 2: loose
    inject(lab, echo(spoofed, H2, seq=3))
    assert forwarded() == 2
    inject(lab, echo(ip_from_str("10.99.0.1"), H2))   # no route back at all
    assert r.drops["IP_RPFILTER"] == 2


def test_our_own_address_as_source_is_a_martian(host_router_host) -> None:
    lab = host_router_host
    p = lab.pinger("r")
    inject(lab, echo(RB, RA))                        # claims to come from r itself
    assert p.replies == [] and lab.ns["r"].drops["IP_RPFILTER"] == 1


# -- redirects (RFC 1812 5.2.7.2, RFC 1122 3.2.2.2) ----------------------------------------


def redirects(log: list[Seen]) -> list[tuple[int, int, int]]:
    return [(s.ip.src, s.msg.code, s.msg.rest) for s in log if s.msg.type == icmpwire.REDIRECT]


def test_redirect_sent_when_the_packet_leaves_where_it_came_in(host_router_host) -> None:
    lab = host_router_host
    r = lab.ns["r"]
    add_route(r, "10.3.0.0/24", gateway=ip_from_str("10.0.1.77"))   # a next hop on ra
    log = icmp_log(lab.ns["h1"])
    inject(lab, echo(H1, ip_from_str("10.3.0.1"), ttl=9))
    assert redirects(log) == [(RA, 1, ip_from_str("10.0.1.77"))]
    quoted = ipwire.parse_quoted(log[0].msg.payload)
    assert quoted.ttl == 8                            # quoted after the decrement
    # a sender that is not on the link (reached through a gateway) gets none
    add_route(r, "10.4.0.0/24", gateway=H1)
    inject(lab, echo(ip_from_str("10.4.0.9"), ip_from_str("10.3.0.1")))
    # send_redirects off on all and ra: silence
    r.sysctl.set("net.ipv4.conf.all.send_redirects", "0")
    r.sysctl.set("net.ipv4.conf.ra.send_redirects", "0")
    lab.world.run_for(30)
    inject(lab, echo(H1, ip_from_str("10.3.0.1")))
    assert len(redirects(log)) == 1


def test_redirect_backoff(host_router_host) -> None:
    """ip_rt_send_redirect: the n-th redirect waits 20 ms << n after the last; after 9
    nothing until 20.48 s of silence."""
    lab = host_router_host
    r = lab.ns["r"]
    add_route(r, "10.3.0.0/24", gateway=ip_from_str("10.0.1.77"))
    # a resolved next hop: no ARP failures, whose host unreachables would move the
    # inet_peer's rate_last the redirect backoff shares
    entry = r.ipv4.arp_tbl.create(lab.dev["ra"], ip_from_str("10.0.1.77"))
    r.ipv4.arp_tbl.update(entry, b"\x02\x00\x00\x00\x00\x77", nud.NUD_PERMANENT, admin=True)
    log = icmp_log(lab.ns["h1"])
    for _ in range(40):
        inject(lab, echo(H1, ip_from_str("10.3.0.1")))       # every 10 ms
    assert len(redirects(log)) == 4       # at 0, then after 40 ms, 80 ms, 160 ms
    for _ in range(100):
        inject(lab, echo(H1, ip_from_str("10.3.0.1")))
        lab.world.run_for(0.2)
    assert len(redirects(log)) == 9
    lab.world.run_for(21)
    inject(lab, echo(H1, ip_from_str("10.3.0.1")))
    assert len(redirects(log)) == 10


def test_host_accepts_redirect_once_the_new_gateway_resolves(host_router_host) -> None:
    from vnet.net import route as rt

    lab = host_router_host
    h1 = lab.ns["h1"]
    stack = h1.ipv4
    dst = ip_from_str("10.3.0.1")
    redirect = icmpwire.IcmpPacket(icmpwire.REDIRECT, 1, ip_from_str("10.0.1.253"),
                                   echo(H1, dst)[:28]).emit()

    def deliver() -> None:
        pkt = ipwire.Ipv4Packet(RA, H1, 1, redirect).emit()
        lab.dev["h1"].receive(ethernet.emit_frame(lab.dev["h1"].mac, lab.dev["ra"].mac,
                                                  0x0800, pkt))
        lab.world.run_for(1)

    assert rt.output(stack, dst).nexthop == RA
    deliver()                    # the first only starts resolving 10.0.1.253
    assert rt.output(stack, dst).nexthop == RA
    entry = stack.arp_tbl.lookup(lab.dev["h1"], ip_from_str("10.0.1.253"))
    assert entry is not None and entry.state == nud.NUD_INCOMPLETE
    stack.arp_tbl.update(entry, b"\x02\x00\x00\x00\x00\x53", nud.NUD_REACHABLE)
    deliver()
    res = rt.output(stack, dst)
    assert res.nexthop == ip_from_str("10.0.1.253") and res.flags & rt.RTCF_REDIRECTED
    assert rt.output(stack, ip_from_str("10.3.0.2")).nexthop == RA   # host redirect only
    # a router (forwarding on) does not accept redirects: accept_redirects all=0
    h1.sysctl.set("net.ipv4.ip_forward", "1")
    rt.flush_cache(stack)
    deliver()
    deliver()
    assert rt.output(stack, dst).nexthop == RA
