"""Numbers read from scanned files, within bounds no real setting comes near.

A number in a scanned file is hostile input: CPython refuses to convert a
decimal string of more than 4,300 digits (ValueError, SyntaxError from
`literal_eval`), `int(float("inf"))` raises OverflowError, and arithmetic on
huge ints costs quadratic time. Every conversion of scanned text to a number
goes through here and answers None beyond the bounds, so a hostile number
costs its own value and never the file's other findings.
"""

from __future__ import annotations

import math

# A lifetime, a leeway, a port or a version has a few digits; 10**100 seconds
# is already past any threshold a rule could hold.
MAX_DIGITS = 100
MAX_INT_BITS = 333  # 2**333 is about 10**100


def parse_int(text: str, base: int = 10) -> int | None:
    """`int(text, base)` for at most MAX_DIGITS digits (base 0: Python literal forms)."""
    digits = text.strip().lstrip("+-").replace("_", "")
    if base == 0 and digits[:2].lower() in ("0x", "0o", "0b"):
        digits = digits[2:]
    if not digits or len(digits) > MAX_DIGITS:
        return None
    try:
        return int(text, base)
    except ValueError:
        return None


def parse_float(text: str) -> float | None:
    """A finite float from `text`, or None (no digit limit applies to floats, inf does)."""
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def fits(value: int) -> bool:
    """Whether an int computed from scanned values is small enough to keep."""
    return value.bit_length() <= MAX_INT_BITS


def whole(value: float) -> int | None:
    """The integral part of a finite, bounded number, else None."""
    if isinstance(value, int):
        return value if fits(value) else None
    if not math.isfinite(value):
        return None
    return int(value) if fits(int(value)) else None
