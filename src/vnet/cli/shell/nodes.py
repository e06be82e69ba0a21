"""The syntax tree of a parsed script: one dataclass per bash construct.

Words stay raw (their quoting intact) until execution, when ``expand.py`` turns
them into fields; every command node carries the script line it starts on, which
is the line bash names in its messages.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Word:
    raw: str
    line: int


@dataclass
class HereDoc:
    delimiter: str
    quoted: bool  # <<'EOF': no expansion in the body
    strip_tabs: bool  # <<-EOF
    line: int
    body: str = ""


@dataclass
class Redirect:
    fd: int | None  # None: the operator's default (0 for <, 1 for >)
    op: str
    target: Word
    line: int
    heredoc: HereDoc | None = None


@dataclass
class SimpleCommand:
    assigns: list[Word]
    words: list[Word]
    redirects: list[Redirect]
    line: int


@dataclass
class Pipeline:
    commands: list[Command]
    negated: bool
    line: int
    stderr_too: list[bool] = field(default_factory=list)  # |& after command i


@dataclass
class AndOr:
    first: Pipeline
    rest: list[tuple[str, Pipeline]]  # ("&&" | "||", pipeline)


@dataclass
class CommandList:
    items: list[AndOr]
    line: int


@dataclass
class BraceGroup:
    body: CommandList
    line: int
    redirects: list[Redirect] = field(default_factory=list)


@dataclass
class Subshell:
    body: CommandList
    line: int
    redirects: list[Redirect] = field(default_factory=list)


@dataclass
class IfClause:
    branches: list[tuple[CommandList, CommandList]]
    else_body: CommandList | None
    line: int
    redirects: list[Redirect] = field(default_factory=list)


@dataclass
class WhileLoop:
    cond: CommandList
    body: CommandList
    until: bool
    line: int
    redirects: list[Redirect] = field(default_factory=list)


@dataclass
class ForLoop:
    var: str
    words: list[Word] | None  # None: "$@"
    body: CommandList
    line: int
    redirects: list[Redirect] = field(default_factory=list)


@dataclass
class ArithFor:
    init: str
    cond: str
    step: str
    body: CommandList
    line: int
    redirects: list[Redirect] = field(default_factory=list)


@dataclass
class CaseItem:
    patterns: list[Word]
    body: CommandList | None
    terminator: str  # ";;", ";&" or ";;&"


@dataclass
class CaseClause:
    word: Word
    items: list[CaseItem]
    line: int
    redirects: list[Redirect] = field(default_factory=list)


@dataclass
class ArithCommand:
    expr: str
    line: int
    redirects: list[Redirect] = field(default_factory=list)


@dataclass
class CondUnary:
    op: str
    operand: Word


@dataclass
class CondBinary:
    op: str
    left: Word
    right: Word


@dataclass
class CondRegex:
    left: Word
    pattern: Word


@dataclass
class CondWord:
    word: Word


@dataclass
class CondNot:
    operand: CondExpr


@dataclass
class CondAndOr:
    op: str  # "&&" | "||"
    left: CondExpr
    right: CondExpr


CondExpr = CondUnary | CondBinary | CondRegex | CondWord | CondNot | CondAndOr


@dataclass
class CondCommand:
    expr: CondExpr
    line: int
    redirects: list[Redirect] = field(default_factory=list)


@dataclass
class FunctionDef:
    name: str
    body: Command
    line: int
    redirects: list[Redirect] = field(default_factory=list)


Compound = (BraceGroup | Subshell | IfClause | WhileLoop | ForLoop | ArithFor | CaseClause
            | ArithCommand | CondCommand)
Command = SimpleCommand | Compound | FunctionDef
