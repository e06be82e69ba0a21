"""iptables' errors: its program name and hint, and the exception carrying the text and
exit status (2 for a parameter problem, with the `Try ...` hint; 1 for a failed
operation; 3 for a missing table; 4 for what the kernel refuses)."""

from __future__ import annotations

PROG = "iptables v1.8.9 (nf_tables)"
TRY = "Try `iptables -h' or 'iptables --help' for more information.\n"


class IptError(Exception):
    """An iptables failure: the text for stderr and the exit status."""

    def __init__(self, text: str, status: int) -> None:
        super().__init__(text)
        self.text = text
        self.status = status


NAT_DROP = (f"{PROG}: \nThe \"nat\" table is not intended for filtering, the use of DROP is "
            f"therefore inhibited.\n\n\n{TRY}")


def param(text: str) -> IptError:
    return IptError(f"{PROG}: {text}\n{TRY}", 2)
