"""Drop reasons in plain words, the stage each is usually met at, and a drop's particulars.

The names are the kernel's `enum skb_drop_reason` (include/net/dropreason-core.h,
SKB_DROP_REASON_* without the prefix) that vnet's drop sites use, plus a few of vnet's
own where the kernel has no specific name. `WORDS` says what each means to a person;
`STAGE` is the kernel function a drop of that reason usually happens in (a drop site may
name another). `particulars()` is computed when the drop happens, from the state of the
namespace at that moment, so the trace and `vnet explain` can say *why* (which sysctl,
which route table, which TTL) even if the script changes that state afterwards.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from vnet.trace import routes as routes_mod
from vnet.trace.flow import IpView
from vnet.wire.ipaddr import ip_to_str

if TYPE_CHECKING:
    from vnet.core.netns import Namespace
    from vnet.link.device import Device

WORDS = {
    "NOT_SPECIFIED": "dropped",
    "NO_SOCKET": "no socket is bound to its destination port",
    "PKT_TOO_SMALL": "the frame is shorter than an Ethernet header",
    "UDP_CSUM": "bad UDP checksum",
    "ICMP_CSUM": "bad ICMP checksum",
    "IP_CSUM": "bad IPv4 header checksum",
    "IP_INHDR": "invalid IPv4 header",
    "IP_RPFILTER": "the reverse path filter rejected its source address",
    "IP_NOPROTO": "no handler for its IP protocol",
    "OTHERHOST": "the frame is addressed to another host's MAC address",
    "IP_INADDRERRORS": "it is not addressed to this host, which does not forward it",
    "IP_INNOROUTES": "no route to its destination",
    "IP_OUTNOROUTES": "no route to the destination",
    "IP_INVALID_SOURCE": "invalid (martian) source address",
    "IP_INVALID_DEST": "invalid (martian) destination address",
    "PKT_TOO_BIG": "larger than the MTU with Don't Fragment set",
    "NEIGH_FAILED": "neighbour (ARP) resolution failed",
    "NEIGH_QUEUEFULL": "too many packets already wait for ARP resolution",
    "NETDEV_DOWN": "the output device is down",
    "DEV_READY": "the device cannot take it (down, or its peer is down)",
    "UNHANDLED_PROTO": "no protocol handler for its EtherType",
    "MAC_INVALID_SOURCE": "invalid source MAC address",
    "MAC_IEEE_MAC_CONTROL": "IEEE 802.3x MAC control frame",
    "BRIDGE_INGRESS_STP_STATE": "the bridge port does not forward in its STP state",
    "BRIDGE_NO_EGRESS": "the bridge port it should leave by does not forward",
    "STP_BPDU_IGNORED": "an STP BPDU on a bridge that is down or a disabled port",
    "STP_BPDU_INVALID": "a malformed STP BPDU, or one older than its max age",
    "ICMP_ECHO_IGNORED": "echo requests are ignored here",
    "ICMP_RATELIMIT": "ICMP error rate limit",
    "ICMP_MALFORMED_QUOTE": "the ICMP error quotes an unreadable datagram",
    "ICMP_REDIRECT_REJECTED": "the ICMP redirect was not accepted",
    "ARP_MALFORMED": "malformed ARP packet",
    "DUP_FRAG": "duplicate fragment",
    "IP_FRAG_OVERLAP": "overlapping fragment",
    "IP_FRAG_BAD_LENGTH": "fragment with an inconsistent length",
    "FRAG_REASM_TIMEOUT": "fragment reassembly timed out",
    "BLACKHOLE": "a blackhole route swallows it",
    "NETFILTER_DROP": "a netfilter rule dropped it",
}

STAGE = {
    "NO_SOCKET": "udp_rcv", "UDP_CSUM": "udp_rcv", "ICMP_CSUM": "icmp_rcv",
    "PKT_TOO_SMALL": "netif_receive_skb", "UNHANDLED_PROTO": "netif_receive_skb",
    "IP_CSUM": "ip_rcv", "IP_INHDR": "ip_rcv", "OTHERHOST": "ip_rcv",
    "IP_RPFILTER": "fib_validate_source", "IP_NOPROTO": "ip_local_deliver",
    "IP_INADDRERRORS": "ip_error", "IP_INNOROUTES": "ip_error",
    "IP_OUTNOROUTES": "ip_route_output", "IP_INVALID_SOURCE": "ip_route_input",
    "IP_INVALID_DEST": "ip_route_input", "PKT_TOO_BIG": "ip_finish_output",
    "NEIGH_FAILED": "neigh_invalidate", "NEIGH_QUEUEFULL": "neigh_resolve_output",
    "NETDEV_DOWN": "ip_finish_output2", "DEV_READY": "dev_queue_xmit",
    "MAC_INVALID_SOURCE": "br_handle_frame", "MAC_IEEE_MAC_CONTROL": "br_handle_frame",
    "BRIDGE_INGRESS_STP_STATE": "br_handle_frame", "BRIDGE_NO_EGRESS": "br_forward",
    "STP_BPDU_IGNORED": "br_stp_rcv", "STP_BPDU_INVALID": "br_stp_rcv",
    "ICMP_ECHO_IGNORED": "icmp_echo",
    "ICMP_RATELIMIT": "icmp_send", "ICMP_MALFORMED_QUOTE": "icmp_rcv",
    "ICMP_REDIRECT_REJECTED": "ip_do_redirect", "ARP_MALFORMED": "arp_rcv",
    "DUP_FRAG": "ip_defrag", "IP_FRAG_OVERLAP": "ip_defrag",
    "IP_FRAG_BAD_LENGTH": "ip_defrag", "FRAG_REASM_TIMEOUT": "ip_expire",
    "BLACKHOLE": "ip_error", "NETFILTER_DROP": "nf_hook_slow",
}


def words(reason: str) -> str:
    return WORDS.get(reason, reason.lower().replace("_", " "))


def stage(reason: str) -> str:
    return STAGE.get(reason, "kfree_skb")


def _sysctl(ns: Namespace, key: str, default: str = "0") -> str:
    return ns.sysctl.values.get(key, default)


def forwarding_off(ns: Namespace, dev: Device | None) -> str:
    """Which forwarding switch is off for packets coming in on dev, as `sysctl` names it."""
    if _sysctl(ns, "net.ipv4.ip_forward") == "0":
        return "net.ipv4.ip_forward=0"
    if dev is not None:
        return f"net.ipv4.conf.{dev.name}.forwarding=0"
    return "forwarding is off"


def particulars(ns: Namespace, reason: str, where: str | None, ip: IpView | None,
                dev: Device | None) -> tuple[str, dict[str, Any]]:
    """(the drop in plain words with its particulars, structured facts for explain),
    computed at the moment of the drop."""
    facts: dict[str, Any] = {}
    text = words(reason)
    stack = ns.ipv4
    if reason == "IP_INADDRERRORS" and dev is not None:
        if not ns.sysctl.forwarding(dev.name):
            facts["forwarding_off"] = forwarding_off(ns, dev)
            text = f"it is not for this host and forwarding is disabled " \
                   f"({facts['forwarding_off']})"
        else:
            text = "it is not for this host and came as a link-layer broadcast"
    elif reason == "IP_INHDR" and ip is not None and where == "ip_forward":
        facts["ttl"] = ip.ttl
        text = f"TTL expired (it arrived with TTL {ip.ttl})"
    elif reason in ("IP_INNOROUTES", "BLACKHOLE") and ip is not None and stack is not None:
        facts["routes"] = routes_mod.table_snapshot(stack)
        facts["dst"] = ip.dst
        route = stack.fib.lookup(ip.dst)
        if route is None:
            text = f"no route to {ip_to_str(ip.dst)}"
        else:
            facts["route"] = routes_mod.format_route(route)
            text = f"the route `{facts['route']}` refuses it"
    elif reason == "IP_OUTNOROUTES" and where == "icmp_send" and ip is not None \
            and stack is not None:
        facts["routes"] = routes_mod.table_snapshot(stack)
        text = f"the ICMP error about it cannot be sent: no route back to {ip_to_str(ip.src)}"
    elif reason == "NO_SOCKET" and ip is not None and len(ip.payload) >= 4:
        port = (ip.payload[2] << 8) | ip.payload[3]
        facts["port"] = port
        text = f"no socket is bound to UDP port {port}"
    elif reason == "DEV_READY" and dev is not None:
        peer = getattr(dev, "peer", None)
        if not dev.admin_up:
            text = f"{dev.name} is down"
        elif peer is not None and not peer.admin_up:
            where_peer = "?" if peer.netns is None else \
                "the host" if peer.netns.name is None else peer.netns.name
            facts["peer_down"] = f"{peer.name} ({where_peer})"
            text = f"the other end of {dev.name}, {peer.name} in {where_peer}, is down"
    elif reason == "PKT_TOO_BIG" and ip is not None and dev is not None:
        out = dev
        if where == "ip_forward" and stack is not None:     # dev is the input device
            route = stack.fib.lookup(ip.dst)
            out = route.dev if route is not None and route.dev is not None else dev
        text = f"{ip.length} bytes do not fit the MTU {out.mtu} of {out.name} " \
               f"and Don't Fragment is set"
    elif reason == "NETDEV_DOWN" and dev is not None:
        text = f"the output device {dev.name} is down"
    elif reason == "ICMP_ECHO_IGNORED":
        if _sysctl(ns, "net.ipv4.icmp_echo_ignore_all") != "0":
            text = "echo requests are ignored (net.ipv4.icmp_echo_ignore_all=1)"
        else:
            text = "broadcast echo requests are ignored " \
                   "(net.ipv4.icmp_echo_ignore_broadcasts=1)"
    elif reason == "IP_RPFILTER" and dev is not None and ip is not None:
        mode = max(int(_sysctl(ns, "net.ipv4.conf.all.rp_filter")),
                   int(_sysctl(ns, f"net.ipv4.conf.{dev.name}.rp_filter")))
        if mode:
            text = f"the reverse path filter (rp_filter={mode}) rejects source " \
                   f"{ip_to_str(ip.src)} on {dev.name}"
        else:
            text = f"its source {ip_to_str(ip.src)} is one of this host's own addresses"
    elif reason == "NETFILTER_DROP" and where:
        text = f"a netfilter rule dropped it ({where})"
    return text, facts
