"""Character classes as bash sees them: ASCII only (str.isdigit() also accepts '¹')."""

from __future__ import annotations


def ascii_digits(text: str) -> bool:
    """True for a non-empty run of 0-9, the only digits bash knows."""
    return text.isascii() and text.isdigit()
