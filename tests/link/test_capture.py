"""PcapRecorder: one pcap per interface, frames in both directions, devices born later."""

from __future__ import annotations

import struct
from pathlib import Path

from vnet.cli.context import Context
from vnet.cli.ping import main as ping_main
from vnet.link import rtnl
from vnet.link.capture import LINKTYPE_RAW, PcapRecorder
from vnet.net.addr import InetAddr, add
from vnet.sim import new_world
from vnet.wire import pcap
from vnet.wire.ipaddr import ip_from_str


def _records(path: Path) -> list[tuple[int, bytes]]:
    return pcap.read_records(path.read_bytes())


def _lab(tmp_path: Path):  # type: ignore[no-untyped-def]
    world = new_world(3)
    rec = PcapRecorder(world, tmp_path)
    a, b = world.add_netns("a"), world.add_netns("b")
    va, vb = rtnl.add_veth(a, "va", "vb", b)
    add(a.ipv4, InetAddr(va, ip_from_str("10.0.0.1"), 24))
    add(b.ipv4, InetAddr(vb, ip_from_str("10.0.0.2"), 24))
    for dev in (va, vb, a.get("lo"), b.get("lo")):
        dev.set_up()  # type: ignore[union-attr]
    return world, rec, a, b, va, vb


def _ping(world, ns, *argv: str) -> str:  # type: ignore[no-untyped-def]
    ctx = Context(world, ns)
    ping_main(ctx, list(argv))
    return ctx.stdout


def test_one_file_per_interface_both_directions(tmp_path: Path) -> None:
    world, rec, a, _b, va, vb = _lab(tmp_path)
    _ping(world, a, "-c", "2", "-i", "0.5", "10.0.0.2")
    rec.close()
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["a-lo.pcap", "a-va.pcap", "b-lo.pcap", "b-vb.pcap", "host-lo.pcap"]
    sent = _records(tmp_path / "a-va.pcap")
    got = _records(tmp_path / "b-vb.pcap")
    assert sent == got                        # a veth: what one end sends the other receives
    kinds = [(f[12:14], f[0:6]) for _t, f in sent]
    assert kinds[0] == (b"\x08\x06", b"\xff" * 6)             # ARP request, broadcast
    assert kinds[1] == (b"\x08\x06", va.mac)                   # ARP reply to us
    icmp = [f[34] for _t, f in sent if f[12:14] == b"\x08\x00"]
    assert icmp == [8, 0, 8, 0]               # request, reply, request, reply
    times = [t for t, f in sent if f[12:14] == b"\x08\x00"]
    assert times == [0, 0, 500_000_000 + 50_000, 500_000_000 + 50_000]
    assert vb.mac == sent[1][1][6:12]


def test_loopback_frames_are_seen_once(tmp_path: Path) -> None:
    world, rec, a, _b, _va, _vb = _lab(tmp_path)
    _ping(world, a, "-c", "1", "127.0.0.1")
    rec.close()
    frames = [f for _t, f in _records(tmp_path / "a-lo.pcap")]
    assert [f[34] for f in frames] == [8, 0]
    assert all(f[:12] == bytes(12) for f in frames)


def test_devices_and_namespaces_created_later(tmp_path: Path) -> None:
    world = new_world(1)
    rec = PcapRecorder(world, tmp_path)
    red = world.add_netns("red")
    x, y = rtnl.add_veth(red, "x", "y", world.init_ns)
    br = rtnl.add_bridge(world.init_ns, "br0")
    rtnl.set_master(y, br)
    for dev in (x, y, br):
        dev.set_up()
    frame = b"\xff" * 6 + x.mac + b"\x08\x06" + bytes(28)
    x.xmit(frame)
    world.settle()
    rec.close()
    assert _records(tmp_path / "red-x.pcap") == [(0, frame)]
    assert _records(tmp_path / "host-y.pcap") == [(0, frame)]     # received on the port
    assert _records(tmp_path / "host-br0.pcap") == [(0, frame)]   # passed up the bridge
    assert (tmp_path / "red-lo.pcap").exists()


def test_rename_and_move_follow_the_device(tmp_path: Path) -> None:
    world = new_world(1)
    rec = PcapRecorder(world, tmp_path)
    blue = world.add_netns("blue")
    x, y = rtnl.add_veth(world.init_ns, "x", "y")
    rtnl.set_name(x, "x2")
    rtnl.set_netns(y, blue)
    x.set_up()
    y.set_up()
    frame = b"\xff" * 6 + x.mac + b"\x08\x06" + bytes(28)
    x.xmit(frame)
    world.settle()
    rec.close()
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["blue-lo.pcap", "blue-y.pcap", "host-lo.pcap", "host-x2.pcap"]
    assert _records(tmp_path / "blue-y.pcap") == [(0, frame)]


def test_close_removes_the_taps(tmp_path: Path) -> None:
    world, rec, a, _b, va, vb = _lab(tmp_path)
    assert va.tx_tap is not None and vb.rx_tap is not None
    assert a.by_name["lo"].rx_tap is None         # lo: recorded once, on the way out
    rec.close()
    assert (va.tx_tap, va.rx_tap, vb.tx_tap, vb.rx_tap) == (None, None, None, None)
    sizes = {p.name: p.stat().st_size for p in tmp_path.iterdir()}
    va.xmit(b"\xff" * 6 + va.mac + b"\x08\x06" + bytes(28))    # a tap left would write
    world.settle()                                              # to a closed file
    assert {p.name: p.stat().st_size for p in tmp_path.iterdir()} == sizes
    assert rec._attach_ns not in world.pernet_ops
    size = (tmp_path / "a-va.pcap").stat().st_size
    _ping(world, a, "-c", "1", "10.0.0.2")
    assert (tmp_path / "a-va.pcap").stat().st_size == size
    world.add_netns("later")
    assert not (tmp_path / "later-lo.pcap").exists()


def test_no_recorder_leaves_the_hot_path_alone() -> None:
    world = new_world(1)
    x, _y = rtnl.add_veth(world.init_ns, "x", "y")
    assert (x.tx_tap, x.rx_tap) == (None, None)


def test_tun_is_raw_ip(tmp_path: Path) -> None:
    world = new_world(1)
    rec = PcapRecorder(world, tmp_path)
    rtnl.add_tuntap(world.init_ns, "tun0", "tun")
    rec.close()
    header = (tmp_path / "host-tun0.pcap").read_bytes()
    assert struct.unpack_from("<I", header, 20)[0] == LINKTYPE_RAW


def test_unusable_directory_is_an_error_not_a_traceback(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    from vnet.cli.main import main

    script = tmp_path / "s.sh"
    script.write_text("ip link\n")
    blocker = tmp_path / "file"
    blocker.write_text("")
    assert main(["run", "--pcap", str(blocker / "sub"), str(script)]) == 2
    assert capsys.readouterr().err == f"vnet: {blocker / 'sub'}: Not a directory\n"
