"""Per-peer rate state (net/ipv4/inetpeer.c) shared by ICMP errors and redirects.

One `InetPeer` per remote address in a namespace holds the three fields the kernel's
`struct inet_peer` gives its limiters: `rate_tokens` and `rate_last` (in jiffies) and
`n_redirects`. Three callers share them, as in Linux, so they interact:

* `xrlim_allow` is inet_peer_xrlim_allow, the per-destination ICMP error limit of
  icmp_send (net.ipv4.icmp_ratelimit, burst XRLIM_BURST_FACTOR = 6);
* `error_allow` is the token bucket of ip_error (route.c) in front of the ICMP
  unreachables a router sends for packets it cannot route (cost HZ, burst 5 HZ);
* `redirect_allow` is ip_rt_send_redirect's exponential backoff (at most
  ip_rt_redirect_number redirects, each 20 ms << n after the last, reset after
  ip_rt_redirect_silence without redirected traffic).

Time is counted in jiffies of a HZ=250 kernel (CONFIG_HZ_250, Debian's default), so the
token arithmetic, integer truncation included, is the kernel's. A new peer starts with
`rate_last` 60 s in the past, so its first use fills the bucket to the burst.
"""

from __future__ import annotations

HZ = 250
NS_PER_JIFFY = 1_000_000_000 // HZ
XRLIM_BURST_FACTOR = 6
IP_RT_ERROR_COST = HZ                    # ip_rt_error_cost
IP_RT_ERROR_BURST = 5 * HZ               # ip_rt_error_burst
IP_RT_REDIRECT_NUMBER = 9                # ip_rt_redirect_number
IP_RT_REDIRECT_LOAD = HZ // 50           # ip_rt_redirect_load
IP_RT_REDIRECT_SILENCE = IP_RT_REDIRECT_LOAD << (IP_RT_REDIRECT_NUMBER + 1)


def jiffies(now_ns: int) -> int:
    return now_ns // NS_PER_JIFFY


def msecs_to_jiffies(ms: int) -> int:
    """The kernel rounds up: a non-zero number of milliseconds is at least one jiffy."""
    return -(-ms * HZ // 1000) if ms > 0 else 0


class InetPeer:
    __slots__ = ("rate_tokens", "rate_last", "n_redirects")

    def __init__(self, now_j: int) -> None:
        self.rate_tokens = 0
        self.rate_last = now_j - 60 * HZ
        self.n_redirects = 0


def get(peers: dict[int, InetPeer], addr: int, now_ns: int) -> InetPeer:
    """inet_getpeer_v4(create=1)."""
    peer = peers.get(addr)
    if peer is None:
        peer = peers[addr] = InetPeer(jiffies(now_ns))
    return peer


def xrlim_allow(peer: InetPeer, timeout_j: int, now_ns: int) -> bool:
    """inet_peer_xrlim_allow: a token bucket of `timeout_j` per message, burst 6x."""
    now = jiffies(now_ns)
    token = peer.rate_tokens + now - peer.rate_last
    peer.rate_last = now
    token = min(token, XRLIM_BURST_FACTOR * timeout_j)
    allowed = token >= timeout_j
    if allowed:
        token -= timeout_j
    peer.rate_tokens = token
    return allowed


def error_allow(peer: InetPeer, now_ns: int) -> bool:
    """ip_error's bucket: tokens += elapsed, capped at ip_rt_error_burst; cost HZ."""
    now = jiffies(now_ns)
    peer.rate_tokens = min(peer.rate_tokens + now - peer.rate_last, IP_RT_ERROR_BURST)
    peer.rate_last = now
    if peer.rate_tokens >= IP_RT_ERROR_COST:
        peer.rate_tokens -= IP_RT_ERROR_COST
        return True
    return False


def redirect_allow(peer: InetPeer, now_ns: int) -> bool:
    """ip_rt_send_redirect's backoff; True when a redirect is to be sent now."""
    now = jiffies(now_ns)
    if now - (peer.rate_last + IP_RT_REDIRECT_SILENCE) > 0:
        peer.rate_tokens = 0
        peer.n_redirects = 0
    if peer.n_redirects >= IP_RT_REDIRECT_NUMBER:
        peer.rate_last = now
        return False
    if peer.n_redirects == 0 or \
            now - (peer.rate_last + (IP_RT_REDIRECT_LOAD << peer.n_redirects)) > 0:
        peer.rate_last = now
        peer.n_redirects += 1
        return True
    return False
