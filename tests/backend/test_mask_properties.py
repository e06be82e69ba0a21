"""Properties of mask(): idempotent, line-preserving, and no random unicast MAC survives."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from vnet.backend.mask import mask

octet = st.integers(0, 255)
# What the kernel's eth_random_addr() produces: unicast, locally administered.
random_mac = st.lists(octet, min_size=6, max_size=6).map(
    lambda b: ":".join(f"{x:02x}" for x in [(b[0] & 0xFE) | 0x02, *b[1:]])
)
TEMPLATES = [
    "    link/ether {mac} brd ff:ff:ff:ff:ff:ff",
    "{ip} dev va lladdr {mac} REACHABLE ",
    '[{{"ifname":"va","address":"{mac}","broadcast":"ff:ff:ff:ff:ff:ff"}}]',
    "{mac} dev v1 master br0 permanent",
    "br0\t\t8000.{hexmac}\tyes\t\tv1",
    "bridge_id 8000.{mac} designated_root 8000.{mac} root_port 0",
    "  1\t{mac}\tno\t\t  12.34",
    "? ({ip}) at {mac} [ether] on va",
]


@st.composite
def outputs(draw) -> str:
    lines = []
    for _ in range(draw(st.integers(1, 8))):
        mac = draw(random_mac)
        ip = ".".join(str(draw(octet)) for _ in range(4))
        lines.append(
            draw(st.sampled_from(TEMPLATES)).format(mac=mac, ip=ip, hexmac=mac.replace(":", ""))
        )
    lines += draw(st.lists(st.text(alphabet=st.characters(codec="ascii"), max_size=30), max_size=3))
    return "\n".join(lines)


@given(outputs())
def test_no_random_mac_survives(text):
    masked = mask(text)
    assert not [
        m
        for m in re.findall(r"[0-9a-f]{2}(?::[0-9a-f]{2}){5}", masked)
        if int(m[:2], 16) & 1 == 0 and m != "00:00:00:00:00:00"
    ]
    assert not re.search(r"\b8000\.[0-9a-f]{12}\b", masked)


@given(outputs())
def test_idempotent_and_line_count_preserved(text):
    once = mask(text)
    assert mask(once) == once
    assert len(once.split("\n")) == len(text.split("\n"))


@given(st.text())
def test_never_raises(text):
    mask(text)
