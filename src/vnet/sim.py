"""Build a simulated World with the full protocol stack in every namespace.

The per-namespace initialisers run in the kernel's order: the IPv4 stack (which
creates `lo`, ARP and ICMP), then the transport protocols.
"""

from __future__ import annotations

from vnet.core.world import World
from vnet.net import addrconf, stack
from vnet.netfilter import tables as netfilter
from vnet.transport import tcp, udp

PERNET_OPS = (stack.pernet_init, udp.pernet_init, tcp.pernet_init, addrconf.pernet_init,
              netfilter.pernet_init)


def new_world(seed: int = 0) -> World:
    return World(seed, pernet_ops=PERNET_OPS)
