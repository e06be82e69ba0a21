"""The text/JSON printer: json_writer.c's separators and pretty layout, print_0xhex, colour."""

from __future__ import annotations

from vnet.cli.ip.output import ANY, FP, JSON, JsonWriter, Printer, json_quote


def _print(json: bool, pretty: bool = False, color: bool = False) -> str:
    chunks: list[str] = []
    p = Printer(chunks.append, json=json, pretty=pretty, color=color)
    p.begin()
    p.open_object()
    p.value(ANY, "ifindex", "%d: ", 3)
    p.string(ANY, "ifname", "%s: ", "v0", color="\x1b[36m")
    p.open_array(ANY, "flags" if json else "<")
    p.string(ANY, None, "%s,", "BROADCAST")
    p.string(ANY, None, "%s", "UP")
    p.close_array(ANY, "> ")
    p.hex0x(ANY, "id", "port_id %s ", 0x8001)
    p.hex0x(ANY, "mask", "mask %s ", 0)
    p.string(FP, None, "only-text ", None)
    p.value(JSON, "only_json", None, True)
    p.close_object()
    p.text("\n")
    p.end()
    return "".join(chunks)


def test_text_mode() -> None:
    assert _print(json=False) == "3: v0: <BROADCAST,UP> port_id 0x8001 mask 0 only-text \n"


def test_compact_json() -> None:
    assert _print(json=True) == (
        '[{"ifindex":3,"ifname":"v0","flags":["BROADCAST","UP"],"id":"0x8001","mask":"0",'
        '"only_json":true}]\n')


def test_pretty_json_layout() -> None:
    assert _print(json=True, pretty=True) == (
        '[ {\n'
        '        "ifindex": 3,\n'
        '        "ifname": "v0",\n'
        '        "flags": [ "BROADCAST","UP" ],\n'
        '        "id": "0x8001",\n'
        '        "mask": "0",\n'
        '        "only_json": true\n'
        '    } ]\n')


def test_empty_array_and_objects() -> None:
    chunks: list[str] = []
    p = Printer(chunks.append, json=True)
    p.begin()
    p.open_object()
    p.close_object()
    p.open_object()
    p.close_object()
    p.end()
    assert "".join(chunks) == "[{},{}]\n"
    chunks.clear()
    p = Printer(chunks.append, json=True, pretty=True)
    p.begin()
    p.end()
    assert "".join(chunks) == "[ ]\n"


def test_colour_wraps_only_coloured_fields() -> None:
    assert _print(json=False, color=True).startswith("3: \x1b[36mv0: \x1b[0m<")


def test_oneline_separator() -> None:
    chunks: list[str] = []
    p = Printer(chunks.append, oneline=True)
    p.text("a")
    p.nl()
    p.text("b\n")
    assert "".join(chunks) == "a\\b\n"


def test_json_quote_escapes_like_jsonw_puts() -> None:
    assert json_quote('a"b\\c\td') == '"a\\"b\\\\c\\td"'
    assert json_quote("é") == '"é"'


def test_writer_nesting() -> None:
    chunks: list[str] = []
    w = JsonWriter(chunks.append, pretty=False)
    w.start_object()
    w.name("a")
    w.start_object()
    w.name("b")
    w.raw("1")
    w.end_object()
    w.name("c")
    w.start_array()
    w.end_array()
    w.end_object()
    assert "".join(chunks) == '{"a":{"b":1},"c":[]}'
