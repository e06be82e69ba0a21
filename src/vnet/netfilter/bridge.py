"""br_netfilter (net/bridge/br_netfilter_hooks.c): bridged IPv4 through iptables.

With net.bridge.bridge-nf-call-iptables = 1 (the default once the module is loaded, as
on the reference machine), an IPv4 frame the bridge forwards passes the IPv4 hooks:
PREROUTING once as it enters (br_nf_pre_routing), FORWARD and POSTROUTING for each
port it leaves by (br_nf_forward_ip, br_nf_post_routing), with the bridge device as
both the input and the output interface (brnf_get_logical_dev), so that `-i br0 -o
br0` matches and conntrack and NAT see bridged connections. Frames for the bridge's
own address take the normal path up the bridge device (ip_rcv's PREROUTING there is
the same hook, once). A malformed IPv4 header is dropped first (br_validate_ipv4).
The link layer calls these through the namespace's Netfilter object
(vnet.netfilter.tables), only when one exists. VLAN- and PPPoE-tagged frames are
not passed (bridge-nf-filter-vlan-tagged = 0).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vnet.netfilter import hooks
from vnet.netfilter.tables import FORWARD, POSTROUTING, PREROUTING
from vnet.wire import ipv4 as ipwire
from vnet.wire.errors import WireError

if TYPE_CHECKING:
    from vnet.link.device import Device
    from vnet.netfilter.tables import Netfilter

ETH_HLEN = 14
_IPV4 = b"\x08\x00"
SYSCTL_DEFAULTS = {
    "net.bridge.bridge-nf-call-arptables": "1",
    "net.bridge.bridge-nf-call-ip6tables": "1",
    "net.bridge.bridge-nf-call-iptables": "1",
    "net.bridge.bridge-nf-filter-pppoe-tagged": "0",
    "net.bridge.bridge-nf-filter-vlan-tagged": "0",
    "net.bridge.bridge-nf-pass-vlan-input-dev": "0",
}


def _enabled(nf: Netfilter, frame: bytes) -> bool:
    return (frame[12:14] == _IPV4 and len(frame) > ETH_HLEN + 20 and
            nf.stack.ns.sysctl.values.get("net.bridge.bridge-nf-call-iptables") == "1")


def prerouting(nf: Netfilter, br: Device, frame: bytes) -> bytes | None:
    """br_nf_pre_routing: the frame, possibly rewritten, or None when dropped."""
    if not _enabled(nf, frame):
        return frame
    packet = frame[ETH_HLEN:]
    try:
        ipwire.parse(packet)                # br_validate_ipv4
    except WireError:
        nf.stack.ns.drop("IP_INHDR", "br_nf_pre_routing", frame, br, True)
        return None
    out = hooks.run(nf.stack, PREROUTING, packet, br, None)
    if out is None:
        return None
    return frame if out is packet else frame[:ETH_HLEN] + out


def forward(nf: Netfilter, br: Device, frame: bytes) -> bytes | None:
    """br_nf_forward_ip then br_nf_post_routing for one egress port."""
    if not _enabled(nf, frame):
        return frame
    packet = frame[ETH_HLEN:]
    out = hooks.run(nf.stack, FORWARD, packet, br, br)
    if out is None:
        return None
    out = hooks.run(nf.stack, POSTROUTING, out, None, br)
    if out is None:
        return None
    return frame if out is packet else frame[:ETH_HLEN] + out
