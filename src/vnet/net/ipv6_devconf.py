"""The net.ipv6.* sysctl keys (net/ipv6/addrconf.c devconf tables), defaults as Linux 6.x.

`install` adds the global keys and `net.ipv6.conf.{all,default}.*` to a namespace's
tree (addrconf_init_net); `add_device` copies `default` to `net.ipv6.conf.DEV.*` when
an inet6 device is created (ipv6_add_dev, addrconf_sysctl_register), with the
per-device exceptions the kernel makes (the IPv6 MTU is the device MTU; loopback and
NOARP devices never do DAD, `accept_dad = -1`). The keys whose writes have side
effects (disable_ipv6, forwarding, addr_gen_mode, mtu) are handled by
vnet.net.addrconf through the tree's watchers. `stable_secret` is not modelled.
"""

from __future__ import annotations

from sys import intern
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vnet.core.sysctl import SysctlTree

#  net.ipv6.conf.default.* in a new namespace (ipv6_devconf_dflt)
CONF_DEFAULTS: dict[str, str] = {
    "accept_dad": "1",
    "accept_ra": "1",
    "accept_ra_defrtr": "1",
    "accept_ra_from_local": "0",
    "accept_ra_min_hop_limit": "1",
    "accept_ra_min_lft": "0",
    "accept_ra_mtu": "1",
    "accept_ra_pinfo": "1",
    "accept_ra_rt_info_max_plen": "0",
    "accept_ra_rt_info_min_plen": "0",
    "accept_ra_rtr_pref": "1",
    "accept_redirects": "1",
    "accept_source_route": "0",
    "accept_untracked_na": "0",
    "addr_gen_mode": "0",
    "autoconf": "1",
    "dad_transmits": "1",
    "disable_ipv6": "0",
    "disable_policy": "0",
    "drop_unicast_in_l2_multicast": "0",
    "drop_unsolicited_na": "0",
    "enhanced_dad": "1",
    "force_forwarding": "0",
    "force_mld_version": "0",
    "force_tllao": "0",
    "forwarding": "0",
    "hop_limit": "64",
    "ignore_routes_with_linkdown": "0",
    "ioam6_enabled": "0",
    "ioam6_id": "65535",
    "ioam6_id_wide": "4294967295",
    "keep_addr_on_down": "0",
    "max_addresses": "16",
    "max_desync_factor": "600",
    "mc_forwarding": "0",
    "mldv1_unsolicited_report_interval": "10000",
    "mldv2_unsolicited_report_interval": "1000",
    "mtu": "1280",
    "ndisc_evict_nocarrier": "1",
    "ndisc_notify": "0",
    "ndisc_tclass": "0",
    "optimistic_dad": "0",
    "proxy_ndp": "0",
    "ra_defrtr_metric": "1024",
    "ra_honor_pio_life": "0",
    "ra_honor_pio_pflag": "0",
    "regen_max_retry": "3",
    "regen_min_advance": "2",
    "router_probe_interval": "60",
    "router_solicitation_delay": "1",
    "router_solicitation_interval": "4",
    "router_solicitation_max_interval": "3600",
    "router_solicitations": "-1",
    "rpl_seg_enabled": "0",
    "seg6_enabled": "0",
    "seg6_require_hmac": "0",
    "suppress_frag_ndisc": "1",
    "temp_prefered_lft": "86400",
    "temp_valid_lft": "604800",
    "use_oif_addrs_only": "0",
    "use_optimistic": "0",
    "use_tempaddr": "0",
}

#  net.ipv6.conf.all.* differs from default only here (ipv6_devconf)
ALL_OVERRIDES: dict[str, str] = {"accept_dad": "0"}

GLOBAL_DEFAULTS: dict[str, str] = {
    "net.ipv6.anycast_src_echo_reply": "0",
    "net.ipv6.auto_flowlabels": "1",
    "net.ipv6.bindv6only": "0",
    "net.ipv6.fib_multipath_hash_fields": "7",
    "net.ipv6.fib_multipath_hash_policy": "0",
    "net.ipv6.fib_notify_on_flag_change": "0",
    "net.ipv6.flowlabel_consistency": "1",
    "net.ipv6.flowlabel_reflect": "0",
    "net.ipv6.flowlabel_state_ranges": "0",
    "net.ipv6.fwmark_reflect": "0",
    "net.ipv6.icmp.echo_ignore_all": "0",
    "net.ipv6.icmp.echo_ignore_anycast": "0",
    "net.ipv6.icmp.echo_ignore_multicast": "0",
    "net.ipv6.icmp.error_anycast_as_unicast": "0",
    "net.ipv6.icmp.ratelimit": "100",
    "net.ipv6.icmp.ratemask": "0-1,3-127",
    "net.ipv6.idgen_delay": "1",
    "net.ipv6.idgen_retries": "3",
    "net.ipv6.ioam6_id": "16777215",
    "net.ipv6.ioam6_id_wide": "72057594037927935",
    "net.ipv6.ip6frag_high_thresh": "4194304",
    "net.ipv6.ip6frag_low_thresh": "3145728",
    "net.ipv6.ip6frag_time": "60",
    "net.ipv6.ip_nonlocal_bind": "0",
    "net.ipv6.max_dst_opts_length": "2147483647",
    "net.ipv6.max_dst_opts_number": "8",
    "net.ipv6.max_hbh_length": "2147483647",
    "net.ipv6.max_hbh_opts_number": "8",
    "net.ipv6.route.gc_elasticity": "9",
    "net.ipv6.route.gc_interval": "30",
    "net.ipv6.route.gc_min_interval": "0",
    "net.ipv6.route.gc_min_interval_ms": "500",
    "net.ipv6.route.gc_thresh": "1024",
    "net.ipv6.route.gc_timeout": "60",
    "net.ipv6.route.max_size": "2147483647",
    "net.ipv6.route.min_adv_mss": "1220",
    "net.ipv6.route.mtu_expires": "600",
    "net.ipv6.route.skip_notify_on_dev_down": "0",
    "net.ipv6.seg6_flowlabel": "0",
    "net.ipv6.xfrm6_gc_thresh": "32768",
    "net.ipv6.neigh.default.base_reachable_time_ms": "30000",
    "net.ipv6.neigh.default.delay_first_probe_time": "5",
    "net.ipv6.neigh.default.gc_stale_time": "60",
    "net.ipv6.neigh.default.mcast_solicit": "3",
    "net.ipv6.neigh.default.ucast_solicit": "3",
    "net.ipv6.neigh.default.retrans_time_ms": "1000",
}

PREFIX = "net.ipv6.conf."


def key(scope: str, name: str) -> str:
    """`net.ipv6.conf.SCOPE.NAME`, SCOPE being all, default or a device name; interned,
    as a thousand namespaces share the names of their `lo` and `eth0` keys."""
    return intern(f"{PREFIX}{scope}.{name}")


def install(tree: SysctlTree) -> None:
    tree.values.update(GLOBAL_DEFAULTS)
    for name, value in CONF_DEFAULTS.items():
        tree.values[key("default", name)] = value
        tree.values[key("all", name)] = ALL_OVERRIDES.get(name, value)


def add_device(tree: SysctlTree, dev: str, overrides: dict[str, str]) -> None:
    """addrconf_sysctl_register: the device's keys start as a copy of `default`."""
    for name in CONF_DEFAULTS:
        tree.values[key(dev, name)] = overrides.get(name, tree.values[key("default", name)])


def remove_device(tree: SysctlTree, dev: str) -> None:
    prefix = f"{PREFIX}{dev}."
    for name in [k for k in tree.values if k.startswith(prefix)]:
        del tree.values[name]


def rename_device(tree: SysctlTree, old: str, new: str) -> None:
    prefix = f"{PREFIX}{old}."
    for name in [k for k in tree.values if k.startswith(prefix)]:
        tree.values[f"{PREFIX}{new}." + name[len(prefix):]] = tree.values.pop(name)


def get_int(tree: SysctlTree, scope: str, name: str, default: int = 0) -> int:
    value = tree.values.get(key(scope, name))
    if value is None:
        return default
    try:
        return int(value.split()[0])
    except (ValueError, IndexError):
        return default


def split_key(name: str) -> tuple[str, str] | None:
    """`net.ipv6.conf.v0.mtu` -> ("v0", "mtu"); None for any other key."""
    if not name.startswith(PREFIX):
        return None
    scope, _, leaf = name[len(PREFIX):].rpartition(".")
    if not scope or leaf not in CONF_DEFAULTS:
        return None
    return scope, leaf
