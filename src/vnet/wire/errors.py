"""Errors raised by the wire codecs.

Every ``parse`` in :mod:`vnet.wire` raises only subclasses of :class:`WireError` on bad
input, whatever the bytes. The receive path catches ``WireError`` and maps the subclass
to a drop reason, in the spirit of the kernel's ``SKB_DROP_REASON_*``:

- :class:`Truncated`  ~ ``PKT_TOO_SMALL`` / ``HDR_TRUNC``: fewer bytes than a header or
  length field requires.
- :class:`Malformed`  ~ ``IP_INHDR`` and friends: a field holds a value the protocol
  does not allow (wrong version, inconsistent lengths, unsupported hardware type).
- :class:`BadChecksum` ~ ``IP_CSUM`` / ``UDP_CSUM`` / ``ICMP_CSUM``.

``WireError`` subclasses :class:`ValueError` so generic callers can treat it as such.
"""

from __future__ import annotations


class WireError(ValueError):
    """Base class of every error a wire codec raises on bad bytes."""


class Truncated(WireError):
    """The data is shorter than a header or a length field says it must be."""


class Malformed(WireError):
    """A header field has a value the protocol (or this codec) does not accept."""


class BadChecksum(WireError):
    """A checksum did not verify."""
