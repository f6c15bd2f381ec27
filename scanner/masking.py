"""The one place a raw secret is turned into something a report may show.

Analyzers call `evidence()` at the detection site; the engine calls
`mask_line()` to build snippets. Nothing else handles a secret's value.
The digest is keyed so that equal secrets match across files and runs
(baselines, reuse detection) without the digest being a plain hash of the
value; set NHIGUARD_SALT to key it per organisation.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
from collections.abc import Iterable

from scanner.model import Evidence

_DEFAULT_SALT = b"nhiguard/v1"
_STARS = "********"
# Quoted or bare values that look like credentials: long, and not a plain word.
_QUOTED = re.compile(r"""(?P<q>["'`])(?P<v>[^"'`\s]{12,})(?P=q)""")
_BARE = re.compile(r"(?<![\w/.-])(?P<v>[A-Za-z0-9+/_\-.=~]{20,})(?![\w/.-])")


def salt() -> bytes:
    configured = os.environ.get("NHIGUARD_SALT")
    return configured.encode() if configured else _DEFAULT_SALT


def digest(value: str) -> str:
    return hmac.new(salt(), value.encode("utf-8", "surrogatepass"), hashlib.sha256).hexdigest()[:32]


def mask(value: str) -> str:
    """`ab********yz` for long values; short ones show no character at all."""
    if len(value) >= 16:
        return f"{value[:2]}{_STARS}{value[-2:]}"
    return _STARS


def evidence(value: str) -> Evidence:
    return Evidence(masked=mask(value), length=len(value), digest=digest(value))


def mask_line(line: str, spans: Iterable[tuple[int, int]]) -> str:
    """The line with every known secret span masked, then anything secret-shaped too.

    The second pass is a safety net: a snippet shown for one rule must not
    reveal a credential another rule did not recognise on the same line.
    """
    pieces = []
    cursor = 0
    for start, end in sorted(set(spans)):
        if start < cursor or start >= end:
            continue
        pieces.append(line[cursor:start])
        pieces.append(mask(line[start:end]))
        cursor = end
    pieces.append(line[cursor:])
    masked = "".join(pieces)
    masked = _QUOTED.sub(lambda m: _hide(m, m.group("q")), masked)
    return _BARE.sub(lambda m: _hide(m, ""), masked)


def _hide(match: re.Match[str], quote: str) -> str:
    value = match.group("v")
    if _STARS in value or not is_secret_shaped(value):
        return match.group(0)
    return f"{quote}{mask(value)}{quote}"


def is_secret_shaped(value: str) -> bool:
    """Mixed letters and digits (or symbols), as keys and tokens are; not words or paths."""
    if value.startswith(("http://", "https://")) or value.count("/") > 2:
        return False
    classes = sum(
        (
            any(c.islower() for c in value),
            any(c.isupper() for c in value),
            any(c.isdigit() for c in value),
            any(not c.isalnum() and c not in "_-." for c in value),
        )
    )
    return classes >= 3 or (classes >= 2 and any(c.isdigit() for c in value))
