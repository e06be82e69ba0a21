"""Duplicate Address Detection of IPv6 addresses (RFC 4862 5.4; addrconf.c addrconf_dad_*).

Where an address sits between being added and being usable: it is `tentative` while
DAD runs. `dad_start` queues the work; `dad_begin` joins the solicited-node group and
either finishes at once (nodad, loopback or NOARP devices, accept_dad 0) or, on a ready
link, waits a random delay in [0, router_solicitation_delay) jiffies (RFC 4862 5.4.2,
drawn from the world's rng) and then dad_transmits probes retrans_time apart; the
address becomes valid one retrans_time after the last probe and gets its `local` route
(`dad_completed`). An optimistic address (RFC 4429, optimistic_dad) gets its route when
DAD begins and skips the random delay. On a link that is not ready the address stays
tentative until the link comes up (`dad_run`). Times are on the virtual clock.

Known deviation: the neighbour solicitations (and, on completion, the MLD reports and
router solicitation) are not transmitted, and nothing can answer one, so DAD never
fails and `dadfailed` never appears.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vnet.core.sched import NS_PER_SEC
from vnet.net import ipv6_devconf as C
from vnet.net.ipv6_ifaddr import (
    IFA_F_DADFAILED,
    IFA_F_NODAD,
    IFA_F_OPTIMISTIC,
    IFA_F_TENTATIVE,
    STATE_DAD,
    STATE_DEAD,
    STATE_POSTDAD,
    STATE_PREDAD,
    Inet6Addr,
    Inet6Dev,
    flag,
)

if TYPE_CHECKING:
    from vnet.net.addrconf import Ipv6State

HZ = 250                      # jiffies per second of the reference kernel (CONFIG_HZ=250)
_DONE = ~(IFA_F_TENTATIVE | IFA_F_OPTIMISTIC | IFA_F_DADFAILED)


def cancel(ifa: Inet6Addr) -> None:
    """addrconf_del_dad_work."""
    if ifa.timer is not None:
        ifa.timer.cancel()
        ifa.timer = None


def _schedule(state: Ipv6State, ifa: Inet6Addr, delay_ns: int) -> None:
    """addrconf_mod_dad_work."""
    cancel(ifa)
    ifa.timer = state.world.sched.call_later(delay_ns, dad_work, state, ifa)


def dad_start(state: Ipv6State, ifa: Inet6Addr) -> None:
    if ifa.state != STATE_DEAD:
        ifa.state = STATE_PREDAD
        _schedule(state, ifa, 0)


def dad_work(state: Ipv6State, ifa: Inet6Addr) -> None:
    ifa.timer = None
    if ifa.state == STATE_PREDAD:
        ifa.state = STATE_DAD
        dad_begin(state, ifa)
        return
    if ifa.dad_probes == 0:
        if ifa.state != STATE_DAD:                 # addrconf_dad_end
            return
        ifa.state = STATE_POSTDAD
    idev = ifa.idev
    if idev.dead or not idev.ready or ifa.state == STATE_DEAD:
        return
    if ifa.dad_probes == 0:
        ifa.flags &= _DONE
        dad_completed(state, ifa)
        return
    ifa.dad_probes -= 1
    retrans_ms = int(state.ns.sysctl.values.get("net.ipv6.neigh.default.retrans_time_ms", "1000"))
    _schedule(state, ifa, max(retrans_ms * 1_000_000, NS_PER_SEC // 100))
    # here the kernel sends a neighbour solicitation for the address (not modelled)


def dad_begin(state: Ipv6State, ifa: Inet6Addr) -> None:
    idev = ifa.idev
    dev = idev.dev
    idev.join_solict(ifa.addr)
    if ifa.state == STATE_DEAD:
        return
    no_dad = (flag(dev, "NOARP") or dev.link_type == "loopback"
              or (C.get_int(state.ns.sysctl, "all", "accept_dad") < 1
                  and idev.conf("accept_dad") < 1))
    if no_dad or not ifa.flags & IFA_F_TENTATIVE or ifa.flags & IFA_F_NODAD:
        ifa.flags &= _DONE
        dad_completed(state, ifa)
        return
    if not idev.ready:
        # addrconf_dad_stop(ifp, 0): it stays tentative until the link is ready
        cancel(ifa)
        ifa.flags |= IFA_F_TENTATIVE
        return
    if ifa.flags & IFA_F_OPTIMISTIC and ifa.rt is not None:
        state.fib.add(ifa.rt)                      # RFC 4429: usable while DAD runs
    dad_kick(state, ifa)


def dad_kick(state: Ipv6State, ifa: Inet6Addr) -> None:
    delay_s = ifa.idev.conf("router_solicitation_delay")
    jiffies = 0
    if not ifa.flags & IFA_F_OPTIMISTIC:
        jiffies = state.world.rng.randrange(max(delay_s * HZ, 1))
    ifa.dad_probes = ifa.idev.conf("dad_transmits")
    _schedule(state, ifa, jiffies * NS_PER_SEC // HZ)


def dad_completed(state: Ipv6State, ifa: Inet6Addr) -> None:
    cancel(ifa)
    state.ifa_notify_new(ifa)
    # here the kernel sends MLD reports and a router solicitation (not modelled)


def dad_run(state: Ipv6State, idev: Inet6Dev, restart: bool = False) -> None:
    """The link became ready: DAD of the addresses that waited for it."""
    for ifa in list(idev.addrs):
        if (ifa.flags & IFA_F_TENTATIVE and ifa.state == STATE_DAD) or restart:
            if restart:
                ifa.state = STATE_PREDAD
            dad_kick(state, ifa)
