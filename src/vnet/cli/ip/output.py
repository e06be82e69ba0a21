"""Text-or-JSON output for `ip`, the way iproute2's lib/json_print.c and json_writer.c do it.

iproute2 prints every field once through `print_*(PRINT_ANY, key, fmt, value)`: in text
mode the value is formatted with `fmt` (printf style; `%` formatting here), in JSON mode
it becomes `"key":value` in a streaming writer. Mirroring that API keeps the field order
and the spacing of both outputs identical to the real tool without a second renderer:
`-j` is compact (`[{"ifindex":1,...}]`), `-p` pretty (4-space indent, `[ {` ... `} ]`,
arrays of scalars on one line `[ "A","B" ]`). Colour (`-c`) wraps coloured fields in
ANSI escapes from the light-background palette, as lib/color.c does without COLORFGBG.
"""

from __future__ import annotations

from collections.abc import Callable

ANY = 0
FP = 1      # text only
JSON = 2    # JSON only

# lib/color.c attributes and the light-background palette
COLOR_NONE = ""
COLOR_IFNAME = "\x1b[36m"
COLOR_MAC = "\x1b[33m"
COLOR_INET = "\x1b[35m"
COLOR_INET6 = "\x1b[34m"
COLOR_UP = "\x1b[32m"
COLOR_DOWN = "\x1b[31m"
COLOR_CLEAR = "\x1b[0m"

_ESCAPES = {"\t": "\\t", "\n": "\\n", "\r": "\\r", "\f": "\\f", "\b": "\\b",
            "\\": "\\\\", '"': '\\"'}


def json_quote(text: str) -> str:
    """jsonw_puts: C escapes only, no unicode escaping."""
    return '"' + "".join(_ESCAPES.get(c, c) for c in text) + '"'


class JsonWriter:
    """A streaming writer with json_writer.c's separators and pretty layout."""

    def __init__(self, write: Callable[[str], None], pretty: bool) -> None:
        self.write = write
        self.pretty = pretty
        self.depth = 0
        self.sep = ""

    def _indent(self) -> None:
        self.write("    " * self.depth)

    def _eol(self) -> None:
        if self.pretty:
            self.write("\n")
            self._indent()

    def _eor(self) -> None:
        if self.sep:
            self.write(self.sep)
        self.sep = ","

    def _begin(self, c: str) -> None:
        self._eor()
        self.write(c)
        self.depth += 1
        self.sep = ""

    def _end(self, c: str) -> None:
        self.depth -= 1
        if self.sep:
            self._eol()
        self.write(c)
        self.sep = ","

    def name(self, key: str) -> None:
        self._eor()
        self._eol()
        self.sep = ""
        self.write(json_quote(key))
        self.write(": " if self.pretty else ":")

    def raw(self, text: str) -> None:
        self._eor()
        self.write(text)

    def start_object(self) -> None:
        self._begin("{")

    def end_object(self) -> None:
        self._end("}")

    def start_array(self) -> None:
        self._begin("[")
        if self.pretty:
            self.write(" ")

    def end_array(self) -> None:
        if self.pretty and self.sep:
            self.write(" ")
        self.sep = ""
        self._end("]")


def json_value(value: object) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, str):
        return json_quote(value)
    return str(value)


class Printer:
    """One command's output: text (with `oneline` line joining) or one JSON document."""

    def __init__(self, out: Callable[[str], None], json: bool = False, pretty: bool = False,
                 oneline: bool = False, color: bool = False) -> None:
        self._out = out
        self.is_json = json
        self.color = color and not json
        self.sl = "\\" if oneline else "\n"   # _SL_: the line separator inside one record
        self.jw: JsonWriter | None = JsonWriter(out, pretty) if json else None
        self._have_array = False

    # -- document ---------------------------------------------------------------------
    def begin(self, array: bool = True) -> None:
        """new_json_obj: in JSON mode open the top-level array."""
        if self.jw is not None and array:
            self.jw.start_array()
            self._have_array = True

    def end(self) -> None:
        """delete_json_obj: close the array and end the line."""
        if self.jw is not None:
            if self._have_array:
                self.jw.end_array()
                self._have_array = False
            self._out("\n")

    # -- helpers ------------------------------------------------------------------------
    def _json_ctx(self, mode: int) -> bool:
        return self.jw is not None and mode in (ANY, JSON)

    def _fp_ctx(self, mode: int) -> bool:
        return self.jw is None and mode in (ANY, FP)

    def text(self, text: str) -> None:
        """Plain text in text mode only (fprintf(fp, ...))."""
        if self.jw is None:
            self._out(text)

    def _colored(self, color: str, text: str) -> str:
        if self.color and color:
            return color + text + COLOR_CLEAR
        return text

    # -- print_* -------------------------------------------------------------------------
    def value(self, mode: int, key: str | None, fmt: str | None, value: object,
              json_value_: object = ..., color: str = COLOR_NONE) -> None:
        """print_string/print_uint/...: `fmt % value` in text, `key: value` in JSON."""
        if self._json_ctx(mode):
            jv = value if json_value_ is ... else json_value_
            assert self.jw is not None
            if key is not None:
                self.jw.name(key)
            self.jw.raw(json_value(jv))
        elif self._fp_ctx(mode) and fmt is not None:
            self._out(self._colored(color, fmt % value if "%" in fmt else fmt))

    def string(self, mode: int, key: str | None, fmt: str | None, value: str | None,
               color: str = COLOR_NONE) -> None:
        """print_string; a key with a None value only names the field (jsonw_name)."""
        if self._json_ctx(mode):
            assert self.jw is not None
            if key is not None and value is None:
                self.jw.name(key)
            elif key is None:
                self.jw.raw(json_quote(value or ""))
            else:
                self.jw.name(key)
                self.jw.raw(json_quote(value))
        elif self._fp_ctx(mode) and fmt is not None:
            self._out(self._colored(color, fmt % value if "%" in fmt else fmt))

    def uint(self, mode: int, key: str | None, fmt: str | None, value: int) -> None:
        self.value(mode, key, fmt, value)

    def bool(self, mode: int, key: str | None, fmt: str | None, value: bool) -> None:
        """print_bool: JSON true/false; text prints fmt with "true"/"false"."""
        if self._json_ctx(mode):
            self.value(mode, key, fmt, value)
        elif self._fp_ctx(mode) and fmt is not None:
            self._out(fmt % ("true" if value else "false") if "%" in fmt else fmt)

    def on_off(self, mode: int, key: str | None, fmt: str, value: bool) -> None:
        """print_on_off: JSON true/false; text "on"/"off"."""
        if self._json_ctx(mode):
            self.value(mode, key, None, bool(value))
        elif self._fp_ctx(mode):
            self._out(fmt % ("on" if value else "off"))

    def null(self, mode: int, key: str | None, fmt: str | None, value: str | None) -> None:
        """print_null: JSON null; text fmt % value."""
        if self._json_ctx(mode):
            self.value(mode, key, None, None)
        elif self._fp_ctx(mode) and fmt is not None:
            self._out(fmt % value if "%" in fmt else fmt)

    def hex0x(self, mode: int, key: str | None, fmt: str, value: int) -> None:
        """print_0xhex: C's "%#x" (0 prints as "0"), a string in JSON; fmt takes a %s."""
        text = f"{value:#x}" if value else "0"
        if self._json_ctx(mode):
            self.string(mode, key, None, text)
        elif self._fp_ctx(mode):
            self._out(fmt % text)

    # -- structure -----------------------------------------------------------------------
    def open_object(self, key: str | None = None) -> None:
        if self.jw is not None:
            if key is not None:
                self.jw.name(key)
            self.jw.start_object()

    def close_object(self) -> None:
        if self.jw is not None:
            self.jw.end_object()

    def open_array(self, mode: int, key_or_delim: str | None) -> None:
        """open_json_array: a JSON array named `key`, or the text delimiter."""
        if self._json_ctx(mode):
            assert self.jw is not None
            if key_or_delim is not None:
                self.jw.name(key_or_delim)
            self.jw.start_array()
        elif self._fp_ctx(mode) and key_or_delim:
            self._out(key_or_delim)

    def close_array(self, mode: int, delim: str | None) -> None:
        if self._json_ctx(mode):
            assert self.jw is not None
            self.jw.end_array()
        elif self._fp_ctx(mode) and delim:
            self._out(delim)

    def nl(self) -> None:
        """print_nl: the record's line separator, text mode only."""
        if self.jw is None:
            self._out(self.sl)
