"""Stateless wire codecs: bytes <-> immutable values.

This is the lowest layer of vnet. Every module here is a pure function of its input:
no clock, no devices, no world, no imports from the rest of vnet. Higher layers call
``parse(bytes) -> Value`` on receive and ``value.emit() -> bytes`` on transmit.

Values are :class:`typing.NamedTuple` subclasses; IPv4 addresses are plain ``int`` and
MAC addresses are 6-byte ``bytes``. Bad bytes from a peer raise only subclasses of
:class:`vnet.wire.errors.WireError` (``Truncated``, ``Malformed``, ``BadChecksum``), so
callers can turn them into named drop reasons. Bad *values* handed to ``emit`` raise
:class:`ValueError`.

Modules, outermost first:

- ``ethernet`` (IEEE 802.3 / Ethernet II), ``vlan`` (IEEE 802.1Q tags), ``stp``
  (IEEE 802.1D BPDUs in 802.3/LLC frames), ``mac`` (address helpers);
- ``arp`` (RFC 826), ``ipv4`` (RFC 791), ``icmp`` (RFC 792, RFC 1191), ``ipaddr``;
- ``ipv6`` (RFC 8200, 128-bit int addresses), ``icmpv6`` (RFC 4443, ND RFC 4861, MLDv2);
- ``udp`` (RFC 768), ``tcp`` (RFC 9293), ``vxlan`` (RFC 7348), ``dhcp`` (RFC 2131/2132);
- ``checksum`` (RFC 1071, RFC 1624), ``pcap`` (libpcap capture files), ``errors``.
"""
