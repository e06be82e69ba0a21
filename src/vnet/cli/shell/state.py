"""The variables, functions and options of one shell; copied for each subshell.

A pipeline stage, ``( ... )`` and ``$(...)`` run on a copy, so assignments in
them vanish afterwards, exactly as in bash's forked subshells.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .nodes import FunctionDef


@dataclass
class Options:
    errexit: bool = False  # set -e
    nounset: bool = False  # set -u
    xtrace: bool = False  # set -x
    pipefail: bool = False  # set -o pipefail
    noglob: bool = False  # set -f (accepted; vnet never globs)

    def flags(self) -> str:
        """``$-``."""
        out = ""
        if self.errexit:
            out += "e"
        if self.noglob:
            out += "f"
        out += "h"
        if self.nounset:
            out += "u"
        if self.xtrace:
            out += "x"
        return out + "B"


@dataclass
class ShellState:
    vars: dict[str, str] = field(default_factory=dict)
    exported: set[str] = field(default_factory=set)
    readonly: set[str] = field(default_factory=set)
    functions: dict[str, FunctionDef] = field(default_factory=dict)
    positional: list[str] = field(default_factory=list)
    options: Options = field(default_factory=Options)
    # one dict per active function call: name -> value before `local` (None: was unset)
    locals: list[dict[str, str | None]] = field(default_factory=list)
    traps: dict[str, str] = field(default_factory=dict)

    def subshell(self) -> ShellState:
        """A copy for a subshell (traps are reset, as in bash)."""
        return ShellState(
            vars=dict(self.vars), exported=set(self.exported), readonly=set(self.readonly),
            functions=dict(self.functions), positional=list(self.positional),
            options=Options(**vars(self.options)),
            locals=[dict(d) for d in self.locals], traps={},
        )
