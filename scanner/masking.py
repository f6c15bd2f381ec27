"""The one place a raw secret is turned into something a report may show.

Analyzers call `evidence()` at the detection site; the engine calls
`mask_line()` to build snippets. Nothing else handles a secret's value.
Two digests, for two audiences. `digest()` is the scan's own identity of a
value: it lets reuse and linking match equal secrets across files, and never
leaves the process. `published()` is what a report may carry, and only under
an organisation's NHIGUARD_SALT: anything keyed by a public constant would let
a report's reader confirm a guessed secret offline. Fingerprints use neither.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import os
import re
from collections.abc import Iterable, Mapping

from scanner.model import Evidence

_MATCH_KEY = b"nhiguard/match/v1"
SALT_VARIABLE = "NHIGUARD_SALT"
# Shorter organisation keys are guessable along with the secret itself.
MIN_SALT_BYTES = 16
_KNOWN_PREFIX = re.compile(
    r"(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}$"
    r"|(?:gh[pousr]_|github_pat_|glpat-|xox[aboprs]-|[rs]k_live_|npm_|pypi-AgE|eyJ)[\w.-]{12}"
)
_STARS = "********"
# Quoted or bare values that look like credentials: long, and not a plain word.
_QUOTED = re.compile(r"""(?P<q>["'`])(?P<v>[^"'`\s]{12,})(?P=q)""")
# `=` only as base64 padding, so `KEY=value` keeps its name and masks the value.
_BARE = re.compile(r"(?<![\w/.+~-])(?P<v>[A-Za-z0-9+/_\-.~]{20,}={0,2})(?![\w/.+=~-])")


def digest(value: str) -> str:
    return hmac.new(_MATCH_KEY, value.encode("utf-8", "surrogatepass"), hashlib.sha256).hexdigest()[
        :32
    ]


def report_key(environ: Mapping[str, str] = os.environ) -> bytes | None:
    """NHIGUARD_SALT as bytes when it is long enough to key published digests.

    Read as the OS gave it (`fsencode`), so a salt that is not UTF-8 keys
    digests like any other instead of failing every file.
    """
    configured = os.fsencode(environ.get(SALT_VARIABLE, ""))
    return configured if len(configured) >= MIN_SALT_BYTES else None


def published(match_digest: str, key: bytes | None) -> str:
    """The digest a report carries: keyed by the organisation, or nothing."""
    if key is None:
        return ""
    return hmac.new(key, match_digest.encode("ascii"), hashlib.sha256).hexdigest()[:32]


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
    for start, end in _merged(spans):
        pieces.append(line[cursor:start])
        pieces.append(mask(line[start:end]))
        cursor = end
    pieces.append(line[cursor:])
    masked = "".join(pieces)
    masked = _QUOTED.sub(lambda m: _hide(m, m.group("q")), masked)
    return _BARE.sub(lambda m: _hide(m, ""), masked)


def one_line(text: str) -> str:
    """The text with every character that could end or reorder a line escaped.

    A byte of a file name that is not UTF-8 (a lone surrogate from the file
    system) is shown as `\\xe9`, as discovery's `report_name` shows it.
    """
    return "".join(_escaped(c) for c in text)


def _escaped(char: str) -> str:
    if char.isprintable():
        return char
    if "\udc80" <= char <= "\udcff":
        return f"\\x{ord(char) - 0xDC00:02x}"
    return char.encode("unicode_escape").decode("ascii")


def shown(name: str) -> str:
    """A name from a scanned tree (a path, a key) as an error line may print it.

    It is one line, and a secret-shaped token in it is masked as in snippets.
    """
    return mask_line(one_line(name), ())


def _merged(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping or touching spans as one: each must be masked whole, whoever found it."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(s for s in spans if s[1] > s[0]):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _hide(match: re.Match[str], quote: str) -> str:
    value = match.group("v")
    if _STARS in value or not is_secret_shaped(value):
        return match.group(0)
    return f"{quote}{mask(value)}{quote}"


def is_secret_shaped(value: str) -> bool:
    """Mixed letters and digits (or symbols), as keys and tokens are; not words or paths.

    A provider prefix (`AKIA`, `ghp_`, `eyJ`, ...) is enough on its own: an AWS
    key id is base32, and one in 28 has no digit at all.
    """
    if _KNOWN_PREFIX.match(value):
        return True
    if value.startswith(("http://", "https://")) or _is_path(value):
        return False
    lower = any(c.islower() for c in value)
    upper = any(c.isupper() for c in value)
    digit = any(c.isdigit() for c in value)
    symbol = any(not c.isalnum() and c not in "_-." for c in value)
    classes = lower + upper + digit + symbol
    if classes >= 3 or (classes >= 2 and digit):
        return True
    return lower and upper and len(value) >= 16 and _random_case(value)


def _random_case(value: str) -> bool:
    """Letters whose case looks drawn at random, not `camelCase` or `HTTPRequest` words.

    Words start with one capital and go on in lower case, with now and then an
    acronym; random text keeps breaking that: runs of capitals, and lone
    lower-case letters between two capitals. Three or more breaks: 1 in 150
    random 32-letter strings has fewer, 1 in 400 real identifiers of 16 or
    more mixed-case letters has as many.
    """
    upper = [c.isupper() for c in value if c.isalpha()]
    runs = sum(1 for capital, run in itertools.groupby(upper) if capital and len(list(run)) > 1)
    lone = sum(a and not b and c for a, b, c in zip(upper, upper[1:], upper[2:], strict=False))
    return runs + lone >= 3


def _is_path(value: str) -> bool:
    """Several `/`-separated parts, none of them random: `src/app/settings/base.py`.

    Base64 has slashes too, but its parts mix upper case, lower case and digits.
    """
    if value.count("/") <= 2:
        return False
    return not any(
        len(part) >= 6
        and any(c.islower() for c in part)
        and any(c.isupper() for c in part)
        and any(c.isdigit() for c in part)
        for part in value.split("/")
    )
