"""Stateless wire codecs: bytes <-> immutable values.

This is the lowest layer of vnet. Every module here is a pure function of its input:
no clock, no devices, no world, no imports from the rest of vnet. Higher layers call
``parse(bytes) -> Value`` on receive and ``value.emit() -> bytes`` on transmit.

Values are :class:`typing.NamedTuple` subclasses; IPv4 addresses are plain ``int`` and
MAC addresses are 6-byte ``bytes``. Bad bytes from a peer raise only subclasses of
:class:`vnet.wire.errors.WireError`, so callers can turn them into named drop reasons.
"""
