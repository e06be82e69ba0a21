"""One link's record as `ip link` and `ip address` print it (print_linkinfo in ip/ipaddress.c).

The header `2: v1@v0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master br0
state UP mode DEFAULT group default qlen 1000`, the `link/ether MAC brd MAC` line with
`link-netns NAME` / `link-netnsid N`, the `-d` details, the alias and the `-s` counter
table, plus the `-br` one-liner; JSON keys in the same order. The state shown is what
the kernel's RTM_NEWLINK carries: dev_get_flags() (PROMISC/ALLMULTI only when set by the
user, NO-CARRIER for up without IFF_RUNNING), the RFC 2863 operstate (UNKNOWN until the
first carrier event), and IFLA_LINK/IFLA_LINK_NETNSID for a veth's peer, whose netnsid
is allocated in the dumping namespace as rtnl_fill_link_netnsid() does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vnet.cli.ip import linkinfo
from vnet.cli.ip.options import IpOptions
from vnet.cli.ip.output import ANY, COLOR_DOWN, COLOR_IFNAME, COLOR_MAC, COLOR_UP, FP, JSON, Printer
from vnet.cli.ip.util import AF_PACKET
from vnet.wire.mac import mac_to_str

if TYPE_CHECKING:
    from vnet.core.netns import Namespace
    from vnet.link.device import Device

#  print_link_flags order (ip/ipaddress.c _PF list)
FLAG_ORDER = ("LOOPBACK", "BROADCAST", "POINTOPOINT", "MULTICAST", "NOARP", "ALLMULTI",
              "PROMISC", "MASTER", "SLAVE", "DEBUG", "DYNAMIC", "AUTOMEDIA", "PORTSEL",
              "NOTRAILERS", "UP", "LOWER_UP", "DORMANT", "ECHO")


# -- device state as rtnetlink reports it --------------------------------------------------


def user_flags(dev: Device) -> dict[str, bool]:
    """IFF_* flags `ip link set` turned on or off (arp, multicast, promisc, allmulticast...)."""
    flags = dev.user_flags
    if flags is None:
        flags = dev.user_flags = {}
    return flags


def carrier_changes(dev: Device) -> int:
    return int(getattr(dev, "carrier_changes", 0))


def operstate(dev: Device) -> str:
    """IFLA_OPERSTATE: DOWN when not running; UNKNOWN until a carrier event computed it."""
    if not dev.admin_up:
        return "DOWN"
    frozen = dev.operstate_unknown_until
    if frozen is not None and dev.netns is not None and dev.netns.world.now < frozen[0] \
            and frozen[1] == carrier_changes(dev):
        return "UNKNOWN"
    state = dev.operstate
    return state


def is_running(dev: Device) -> bool:
    """IFF_RUNNING: up and netif_oper_up (operstate UP or UNKNOWN)."""
    return dev.admin_up and operstate(dev) in ("UP", "UNKNOWN")


def link_flags(dev: Device) -> list[str]:
    """dev_get_flags() names in print order, without RUNNING."""
    flags = set(dev.flag_names())
    flags.discard("PROMISC")          # the bridge's promiscuity is not IFF_PROMISC in gflags
    flags.discard("LOWER_UP")
    if dev.admin_up and dev.carrier:
        flags.add("LOWER_UP")
    for name, on in user_flags(dev).items():
        if on:
            flags.add(name)
        else:
            flags.discard(name)
    return [f for f in FLAG_ORDER if f in flags]


def qdisc(dev: Device) -> str:
    name = dev.qdisc
    if name != "noop" and getattr(dev, "multi_queue", False):
        return "mq"
    return name


def link_peer(dev: Device) -> Device | None:
    """The device dev->iflink names (a veth's peer), if any."""
    peer = dev.iflink_dev()
    return peer if peer is not None and peer.netns is not None else None


def group_name(group: int, numeric: int = 0) -> str:
    return "default" if group == 0 and not numeric else str(group)


ARPHRD = {"ether": 1, "loopback": 772, "none": 65534}


def ll_type(dev: Device, numeric: int = 0) -> str:
    """ll_type_n2a: the ARPHRD name, `[N]` under -N."""
    if numeric:
        return f"[{ARPHRD.get(dev.link_type, 0)}]"
    return dev.link_type


def has_address(dev: Device) -> bool:
    return dev.link_type != "none"


# -- the record ----------------------------------------------------------------------------


def print_name_and_link(p: Printer, ns: Namespace, fmt: str, dev: Device) -> bool:
    """print_name_and_link: `name@peer` / `name@ifN`; returns the M-DOWN flag."""
    name = dev.name
    m_flag = False
    peer = link_peer(dev)
    if peer is not None:
        if peer.netns is not dev.netns:
            ns.peer_id(peer.netns)
            if p.is_json:
                p.value(JSON, "link_index", None, peer.ifindex)
            else:
                name = f"{name}@if{peer.ifindex}"
        else:
            if p.is_json:
                p.string(JSON, "link", None, peer.name)
            else:
                name = f"{name}@{peer.name}"
            m_flag = not peer.admin_up
    elif dev.link_net() not in (None, dev.netns):
        # a tunnel moved out of its link namespace: rtnl_fill_ifinfo puts IFLA_LINK
        # (its own index, dev_get_iflink) whenever it puts IFLA_LINK_NETNSID
        if p.is_json:
            p.value(JSON, "link_index", None, dev.ifindex)
        else:
            name = f"{name}@if{dev.ifindex}"
    p.string(ANY, "ifname", fmt, name, color=COLOR_IFNAME)
    return m_flag


def print_flags(p: Printer, dev: Device, m_flag: bool) -> None:
    p.open_array(ANY, "flags" if p.is_json else "<")
    flags = link_flags(dev)
    items: list[str] = []
    if dev.admin_up and not is_running(dev):
        items.append("NO-CARRIER")
    items += flags
    for i, flag in enumerate(items):
        p.string(ANY, None, "%s," if i < len(items) - 1 else "%s", flag)
    if m_flag:
        p.string(ANY, None, ",%s", "M-DOWN")
    p.close_array(ANY, "> ")


def print_operstate(p: Printer, dev: Device, brief: bool) -> None:
    state = operstate(dev)
    color = COLOR_UP if state == "UP" else COLOR_DOWN if state == "DOWN" else ""
    if brief:
        p.string(ANY, "operstate", "%-14s ", state, color=color)
    elif p.is_json:
        p.string(JSON, "operstate", None, state)
    else:
        p.text("state ")
        p.string(FP, None, "%s ", state, color=color)


def link_netns_text(p: Printer, ns: Namespace, dev: Device) -> None:
    link_net = dev.link_net()
    if link_net is None or link_net is dev.netns:
        return
    nsid = ns.peer_id(link_net)
    if p.is_json:
        p.value(JSON, "link_netnsid", None, nsid)
        return
    name = link_net.name if link_net.name is not None and link_net.alive else None
    if name is not None and name in ns.world.named:
        p.string(FP, None, " link-netns %s", name)
    else:
        p.value(FP, None, " link-netnsid %d", nsid)


def print_link(p: Printer, ns: Namespace, dev: Device, opts: IpOptions, do_link: bool,
               family: int, inet6_dump: bool = False) -> None:
    """print_linkinfo (non-brief) for one device; the caller opens the JSON object.

    `inet6_dump`: the record came from an AF_INET6 link dump (`ip -6 addr`), which the
    kernel answers with inet6_fill_ifinfo: no qdisc, master, group or link netns."""
    p.value(ANY, "ifindex", "%d: ", dev.ifindex)
    m_flag = print_name_and_link(p, ns, "%s: ", dev)
    print_flags(p, dev, m_flag)
    p.value(ANY, "mtu", "mtu %d ", dev.mtu)
    if not inet6_dump:
        p.string(ANY, "qdisc", "qdisc %s ", qdisc(dev))
        if dev.master is not None:
            p.string(ANY, "master", "master %s ", dev.master.name)
    print_operstate(p, dev, brief=False)
    if do_link:
        p.string(ANY, "linkmode", "mode %s ", "DORMANT" if dev.link_mode else "DEFAULT")
    if not inet6_dump:
        p.string(ANY, "group", "group %s ", group_name(dev.ifgroup, opts.numeric))
    if dev.txqlen:
        p.value(ANY, "txqlen", "qlen %d", dev.txqlen)
    if not family or family == AF_PACKET or opts.details:
        p.nl()
        p.string(ANY, "link_type", "    link/%s ", ll_type(dev, opts.numeric))
        if has_address(dev):
            p.string(ANY, "address", "%s", mac_to_str(dev.mac), color=COLOR_MAC)
            p.text(" brd ")
            p.string(ANY, "broadcast", "%s", mac_to_str(dev.broadcast), color=COLOR_MAC)
    if not inet6_dump:
        link_netns_text(p, ns, dev)
    if opts.details:
        linkinfo.print_details(p, ns, dev, opts, do_link)
    alias = getattr(dev, "alias", None)
    if (do_link or opts.details) and alias:
        p.text(p.sl + "    ")
        p.string(ANY, "ifalias", "alias %s", alias)
    if do_link and opts.stats:
        p.nl()
        print_stats64(p, dev, opts)


def print_link_brief(p: Printer, ns: Namespace, dev: Device, family: int) -> None:
    m_flag = print_name_and_link(p, ns, "%-16s ", dev)
    print_operstate(p, dev, brief=True)
    if family == AF_PACKET:
        if has_address(dev):
            p.string(ANY, "address", "%s ", mac_to_str(dev.mac), color=COLOR_MAC)
        print_flags(p, dev, m_flag)
        p.text("\n")


# -- counters (print_stats64) ------------------------------------------------------------------


def _num(value: int, width: int, human: bool, iec: bool) -> str:
    """print_num: right-aligned, or with k/M/G... suffixes under -h."""
    base = 1024 if iec else 1000
    if not human or value < base:
        return f"{value:>{width}} "
    prefixes = "kMGTPE"
    k = 0
    powi = 1
    while True:
        powi *= base
        if value // base < powi:
            break
        if k + 1 >= len(prefixes):
            break
        k += 1
    precision = 2
    powj = 1
    while precision > 0:
        powj *= 10
        if value // powi < powj:
            break
        precision -= 1
    text = f"{value / powi:.{precision}f}{prefixes[k]}{'i' if iec else ''}"
    return f"{text:>{width}} "


def print_stats64(p: Printer, dev: Device, opts: IpOptions, what: str = "stats64") -> None:
    s = dev.stats
    g = lambda name: int(getattr(s, name, 0))  # noqa: E731
    cc = carrier_changes(dev)
    level = opts.stats
    if p.is_json:
        p.open_object(what)
        p.open_object("rx")
        for key, name in (("bytes", "rx_bytes"), ("packets", "rx_packets"),
                          ("errors", "rx_errors"), ("dropped", "rx_dropped"),
                          ("over_errors", "rx_over_errors"), ("multicast", "multicast")):
            p.value(JSON, key, None, g(name))
        if g("rx_compressed"):
            p.value(JSON, "compressed", None, g("rx_compressed"))
        if level > 1:
            for key, name in (("length_errors", "rx_length_errors"),
                              ("crc_errors", "rx_crc_errors"),
                              ("frame_errors", "rx_frame_errors"),
                              ("fifo_errors", "rx_fifo_errors"),
                              ("missed_errors", "rx_missed")):
                p.value(JSON, key, None, g(name))
            if g("rx_nohandler"):
                p.value(JSON, "nohandler", None, g("rx_nohandler"))
        p.close_object()
        p.open_object("tx")
        for key, name in (("bytes", "tx_bytes"), ("packets", "tx_packets"),
                          ("errors", "tx_errors"), ("dropped", "tx_dropped"),
                          ("carrier_errors", "tx_carrier"), ("collisions", "collisions")):
            p.value(JSON, key, None, g(name))
        if g("tx_compressed"):
            p.value(JSON, "compressed", None, g("tx_compressed"))
        if level > 1:
            for key, name in (("aborted_errors", "tx_aborted_errors"),
                              ("fifo_errors", "tx_fifo_errors"),
                              ("window_errors", "tx_window_errors"),
                              ("heartbeat_errors", "tx_heartbeat_errors")):
                p.value(JSON, key, None, g(name))
            p.value(JSON, "carrier_changes", None, cc)
        p.close_object()
        p.close_object()
        return
    cols = [len("*X errors:"), len("packets"), len("errors"), len("dropped"), len("heartbt"),
            len("overrun"), len("compressed"), len("otherhost")]

    def size(*values: int) -> None:
        if opts.human:
            return
        for i, v in enumerate(values):
            cols[i] = max(cols[i], len(str(v)))

    size(g("rx_bytes"), g("rx_packets"), g("rx_errors"), g("rx_dropped"), g("rx_missed"),
         g("multicast"), g("rx_compressed"), 0)
    if level > 1:
        size(0, g("rx_length_errors"), g("rx_crc_errors"), g("rx_frame_errors"),
             g("rx_fifo_errors"), g("rx_over_errors"), g("rx_nohandler"), 0)
    size(g("tx_bytes"), g("tx_packets"), g("tx_errors"), g("tx_dropped"), g("tx_carrier"),
         g("collisions"), g("tx_compressed"), 0)
    if level > 1:
        size(0, 0, g("tx_aborted_errors"), g("tx_fifo_errors"), g("tx_window_errors"),
             g("tx_heartbeat_errors"), cc, 0)
    h, iec = bool(opts.human), bool(opts.iec)
    sl = p.sl
    out = p.text
    out(f"    RX: {'bytes':>{cols[0] - 4}} {'packets':>{cols[1]}} {'errors':>{cols[2]}} "
        f"{'dropped':>{cols[3]}} {'missed':>{cols[4]}} {'mcast':>{cols[5]}} "
        f"{'compressed' if g('rx_compressed') else '':>{cols[6]}}{sl}")
    out("    " + "".join(_num(v, cols[i], h, iec) for i, v in enumerate(
        (g("rx_bytes"), g("rx_packets"), g("rx_errors"), g("rx_dropped"), g("rx_missed"),
         g("multicast")))))
    if g("rx_compressed"):
        out(_num(g("rx_compressed"), cols[6], h, iec))
    if level > 1:
        nh = g("rx_nohandler")
        out(sl)
        out(f"    RX errors:{'':>{cols[0] - 10}} {'length':>{cols[1]}} {'crc':>{cols[2]}} "
            f"{'frame':>{cols[3]}} {'fifo':>{cols[4]}} {'overrun':>{cols[5]}}"
            f"{' nohandler' if nh else '':>{cols[6] + 1 if nh else 0}}{sl}")
        out(" " * (cols[0] + 5))
        out("".join(_num(v, cols[i + 1], h, iec) for i, v in enumerate(
            (g("rx_length_errors"), g("rx_crc_errors"), g("rx_frame_errors"),
             g("rx_fifo_errors"), g("rx_over_errors")))))
        if nh:
            out(_num(nh, cols[6], h, iec))
    out(sl)
    out(f"    TX: {'bytes':>{cols[0] - 4}} {'packets':>{cols[1]}} {'errors':>{cols[2]}} "
        f"{'dropped':>{cols[3]}} {'carrier':>{cols[4]}} {'collsns':>{cols[5]}} "
        f"{'compressed' if g('tx_compressed') else '':>{cols[6]}}{sl}")
    out("    " + "".join(_num(v, cols[i], h, iec) for i, v in enumerate(
        (g("tx_bytes"), g("tx_packets"), g("tx_errors"), g("tx_dropped"), g("tx_carrier"),
         g("collisions")))))
    if g("tx_compressed"):
        out(_num(g("tx_compressed"), cols[6], h, iec))
    if level > 1:
        out(sl)
        out(f"    TX errors:{'':>{cols[0] - 10}} {'aborted':>{cols[1]}} {'fifo':>{cols[2]}} "
            f"{'window':>{cols[3]}} {'heartbt':>{cols[4]}} {'transns':>{cols[5]}}{sl}")
        out(" " * (cols[0] + 5))
        out("".join(_num(v, cols[i + 1], h, iec) for i, v in enumerate(
            (g("tx_aborted_errors"), g("tx_fifo_errors"), g("tx_window_errors"),
             g("tx_heartbeat_errors"), cc))))
