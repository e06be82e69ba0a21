"""`vconfig` as Debian 12 ships it (package vlan 2.0.5): a compatibility shell script
that warns it is deprecated and runs `ip link` for each command.

    add IFACE VID            ip link add link IFACE name NAME type vlan id VID (or exit 3)
    rem VLAN                 ip link del VLAN (or exit 4)
    set_flag VLAN N 0|1      echoes its arguments, then ip link set dev VLAN type vlan
                             reorder_hdr off|on (whatever N is; or exit 7)
    set_name_type TYPE       the NAME `add` makes: VLAN_PLUS_VID (vlan0005),
                             VLAN_PLUS_VID_NO_PAD (vlan5), DEV_PLUS_VID (eth0.0005),
                             DEV_PLUS_VID_NO_PAD (eth0.5, the default), kept in
                             /run/network/vlan/name-type for the whole machine
    set_egress_map/set_ingress_map   ip link ... egress-qos-map/ingress-qos-map (QoS maps
                             are not simulated: unsupported)

Messages and exit statuses are the script's (the old C vconfig's "Added VLAN with VID ==
..." lines are gone from Debian since vlan 2.0).
"""

from __future__ import annotations

from vnet.apps import files
from vnet.cli.context import Context
from vnet.cli.shell.api import UnsupportedError

NAME_TYPE_FILE = "/run/network/vlan/name-type"
WARNING = ("\nWarning: vconfig is deprecated and might be removed in the future, please "
           "migrate to ip(route2) as soon as possible!\n\n")
USAGE = """
Usage: add             [interface-name] [vlan_id]
       rem             [vlan-name]
       set_flag        [interface-name] [flag-num]       [0 | 1]
       set_egress_map  [vlan-name]      [skb_priority]   [vlan_qos]
       set_ingress_map [vlan-name]      [skb_priority]   [vlan_qos]
       set_name_type   [name-type]

* The [interface-name] is the name of the ethernet card that hosts
  the VLAN you are talking about.
* The vlan_id is the identifier (0-4095) of the VLAN you are operating on.
* skb_priority is the priority in the socket buffer (sk_buff).
* vlan_qos is the 3 bit priority in the VLAN header
* name-type:  VLAN_PLUS_VID (vlan0005), VLAN_PLUS_VID_NO_PAD (vlan5),
              DEV_PLUS_VID (eth0.0005), DEV_PLUS_VID_NO_PAD (eth0.5)
* FLAGS:  1 REORDER_HDR  When this is set, the VLAN device will move the
            ethernet header around to make it look exactly like a real
            ethernet device.  This may help programs such as DHCPd which
            read the raw ethernet packet and make assumptions about the
            location of bytes.  If you don't need it, don't turn it on, because
            there will be at least a small performance degradation.  Default
            is OFF.
"""


def _padded(vid: str) -> str:
    """printf %.4d of the script's shell: the number zero-padded to four digits."""
    try:
        return f"{int(vid):04d}"
    except ValueError:
        return vid


def vlan_name(name_type: str, iface: str, vid: str) -> str:
    """The script's `case "$NAME_TYPE"` (an unknown type leaves NAME empty)."""
    return {"VLAN_PLUS_VID": f"vlan{_padded(vid)}", "VLAN_PLUS_VID_NO_PAD": f"vlan{vid}",
            "DEV_PLUS_VID": f"{iface}.{_padded(vid)}",
            "DEV_PLUS_VID_NO_PAD": f"{iface}.{vid}"}.get(name_type, "")


def main(ctx: Context, argv: list[str]) -> int:
    args = list(argv)
    ctx.ordered_output = True       # a shell script: each echo and ip writes at once
    ctx.err(WARNING)
    argc = len(args) + 1
    if not 3 <= argc <= 5:
        ctx.err(f"Expecting argc to be 3-5, inclusive.  Was: {argc}\n")
        ctx.out(USAGE)
        return 1
    args += [""] * (4 - len(args))          # "$3" "$4" of a shorter command are empty
    cmd = args[0]
    if cmd == "add":
        stored = files.read(ctx.world, NAME_TYPE_FILE)
        name_type = stored.strip() if stored is not None else "DEV_PLUS_VID_NO_PAD"
        name = vlan_name(name_type, args[1], args[2])
        status = ctx.run(["ip", "link", "add", "link", args[1], "name", name, "type", "vlan",
                          "id", args[2]])
        return 3 if status else 0
    if cmd == "rem":
        return 4 if ctx.run(["ip", "link", "del", args[1]]) else 0
    if cmd == "set_flag":
        ctx.out(" ".join(args[1:4]) + "\n")
        flag = {"0": "off", "1": "on"}.get(args[3])
        if flag is None:
            ctx.err("Invalid flag parameter specified\n")
            return 7
        status = ctx.run(["ip", "link", "set", "dev", args[1], "type", "vlan", "reorder_hdr",
                          flag])
        return 7 if status else 0
    if cmd in ("set_egress_map", "set_ingress_map"):
        raise UnsupportedError(f"vconfig {cmd} (VLAN QoS maps)")
    if cmd == "set_name_type":
        files.write(ctx.world, NAME_TYPE_FILE, args[1] + "\n")
        return 0
    ctx.err(f"Unknown command: {cmd}\n")
    return 5
