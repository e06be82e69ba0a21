"""The net.* sysctl tree of one namespace, with Linux's defaults for a new namespace.

Names are dotted (`net.ipv4.ip_forward`); `/proc/sys/net/ipv4/ip_forward` maps onto
the same key. Per-device keys (`net.ipv4.conf.DEV.*`) are created from `default` when
a device appears, as devinet_sysctl_register copies ipv4_devconf_dflt. Writing
`ip_forward` or `conf.all.forwarding` sets forwarding on every device
(devinet.c: inet_forward_change).
"""

from __future__ import annotations

from collections.abc import Callable
from sys import intern

#  per-interface IPv4 settings and their defaults in a new namespace (devinet.c)
CONF_DEFAULTS: dict[str, str] = {
    "accept_local": "0",
    "accept_redirects": "1",
    "accept_source_route": "0",
    "arp_accept": "0",
    "arp_announce": "0",
    "arp_filter": "0",
    "arp_ignore": "0",
    "arp_notify": "0",
    "forwarding": "0",
    "log_martians": "0",
    "proxy_arp": "0",
    "rp_filter": "0",
    "secure_redirects": "1",
    "send_redirects": "1",
    "shared_media": "1",
}

GLOBAL_DEFAULTS: dict[str, str] = {
    "net.ipv4.ip_forward": "0",
    "net.ipv4.ip_default_ttl": "64",
    "net.ipv4.icmp_echo_ignore_all": "0",
    "net.ipv4.icmp_echo_ignore_broadcasts": "1",
    "net.ipv4.icmp_ratelimit": "1000",
    "net.ipv4.icmp_ratemask": "6168",
    "net.ipv4.icmp_msgs_per_sec": "1000",
    "net.ipv4.icmp_msgs_burst": "50",
    "net.ipv4.icmp_errors_use_inbound_ifaddr": "0",
    "net.ipv4.ipfrag_time": "30",
    "net.ipv4.ip_local_port_range": "32768\t60999",
    "net.ipv4.ping_group_range": "0\t2147483647",
    "net.ipv4.neigh.default.base_reachable_time_ms": "30000",
    "net.ipv4.neigh.default.delay_first_probe_time": "5",
    "net.ipv4.neigh.default.gc_stale_time": "60",
    "net.ipv4.neigh.default.mcast_solicit": "3",
    "net.ipv4.neigh.default.ucast_solicit": "3",
    "net.ipv4.neigh.default.retrans_time_ms": "1000",
}


class SysctlError(Exception):
    pass


class SysctlTree:
    def __init__(self) -> None:
        self.values: dict[str, str] = dict(GLOBAL_DEFAULTS)
        for scope in ("all", "default"):
            for key, val in CONF_DEFAULTS.items():
                self.values[intern(f"net.ipv4.conf.{scope}.{key}")] = val
        self.values["net.ipv4.conf.default.accept_source_route"] = "1"  # ipv4_devconf_dflt
        self.watchers: list[Callable[[str, str], None]] = []

    # -- devices ---------------------------------------------------------------------
    def add_device(self, dev: str) -> None:
        # key names are interned: every namespace has an eth0 and a lo, and a thousand
        # copies of each name would be most of a large topology's memory
        for key in CONF_DEFAULTS:
            self.values[intern(f"net.ipv4.conf.{dev}.{key}")] = \
                self.values[f"net.ipv4.conf.default.{key}"]
        # forwarding follows the global switch, not default (inet_forward_change)
        self.values[f"net.ipv4.conf.{dev}.forwarding"] = self.values["net.ipv4.conf.default.forwarding"]

    def remove_device(self, dev: str) -> None:
        prefix = f"net.ipv4.conf.{dev}."
        for key in [k for k in self.values if k.startswith(prefix)]:
            del self.values[key]

    def rename_device(self, old: str, new: str) -> None:
        prefix = f"net.ipv4.conf.{old}."
        for key in [k for k in self.values if k.startswith(prefix)]:
            self.values[f"net.ipv4.conf.{new}." + key[len(prefix):]] = self.values.pop(key)

    # -- access ----------------------------------------------------------------------
    @staticmethod
    def normalise(name: str) -> str:
        """Accept `net/ipv4/ip_forward`, `/proc/sys/net/ipv4/ip_forward` or dotted."""
        if name.startswith("/proc/sys/"):
            name = name[len("/proc/sys/"):]
        return name.replace("/", ".")

    def get(self, name: str) -> str:
        key = self.normalise(name)
        if key not in self.values:
            raise SysctlError(key)
        return self.values[key]

    def get_int(self, name: str) -> int:
        return int(self.values[name].split()[0])

    def set(self, name: str, value: str) -> None:
        key = self.normalise(name)
        if key not in self.values:
            raise SysctlError(key)
        value = value.strip()
        if not value.lstrip("-").isdigit() and "\t" not in value and " " not in value:
            raise ValueError(value)
        self.values[key] = value
        if key in ("net.ipv4.ip_forward", "net.ipv4.conf.all.forwarding"):
            on = value          # inet_forward_change: the value itself, redirects off
            self.values["net.ipv4.ip_forward"] = on
            self.values["net.ipv4.conf.all.accept_redirects"] = "1" if on == "0" else "0"
            for k in list(self.values):
                if k.startswith("net.ipv4.conf.") and k.endswith(".forwarding"):
                    self.values[k] = on
        for watch in self.watchers:
            watch(key, value)

    def keys(self) -> list[str]:
        return sorted(self.values)

    def forwarding(self, dev: str) -> bool:
        return self.values.get(f"net.ipv4.conf.{dev}.forwarding", "0") != "0"
