"""The one place a raw secret is turned into something a report may show.

Analyzers call `evidence()` at the detection site; the engine calls
`mask_line()` to build snippets and `mask_reason()` for the reasons of
inline ignores. Nothing else handles a secret's value.

Snippet policy: a snippet can never show a credential, found or not. The
secrets analyzers found keep two characters at each end (`ab********yz`)
when the secret is 16 characters or more, whatever holds it (`shows_ends`).
Beyond them, the line is read with its file kind's syntax
(`scanner.snippets`) and every string literal's content, every config value
and all comment text become `********`, unless the value has a provably safe
shape (`scanner.shapes`): a number or duration, a boolean, an algorithm,
digest or claim name, a reference such as `${{ secrets.X }}`, `${VAR}` or
`os.environ["X"]`, a URL without user info, a path or dotted name of plain
words. In code, only secret-shaped words are masked, so the finding's own
code (calls, names, keys, operators) stays readable. What is masked shows
no character of itself: nothing was detected there, so nothing is known.

Two digests, for two audiences. `digest()` is the scan's own identity of a
value: it lets reuse and linking match equal secrets across files, and never
leaves the process. `published()` is what a report may carry, and only under
an organisation's NHIGUARD_SALT: anything keyed by a public constant would let
a report's reader confirm a guessed secret offline. Fingerprints use neither.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence

from scanner import shapes, snippets
from scanner.escape import visible
from scanner.model import Evidence, FileKind
from scanner.shapes import MASKED

_MATCH_KEY = b"nhiguard/match/v1"
SALT_VARIABLE = "NHIGUARD_SALT"
# Shorter organisation keys are guessable along with the secret itself.
MIN_SALT_BYTES = 16
_STARS = "********"
CONTEXT_LINES = 2  # lines shown either side of a finding's line
CONTEXT_WIDTH = 300  # characters shown of each, as of a snippet
_TOKEN = re.compile(r"[A-Za-z0-9+/_\-.~=]{12,}")


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
    if shows_ends(len(value)):
        return f"{value[:2]}{_STARS}{value[-2:]}"
    return _STARS


def shows_ends(length: int) -> bool:
    """Whether a secret of `length` characters may show two at each end: a short one shows none.

    The length is the secret's, not its container's: the base64 of a short
    password (npm's `_password`) is longer than 16 characters, and its ends
    encode the password's.
    """
    return length >= 16


def evidence(value: str) -> Evidence:
    return Evidence(masked=mask(value), length=len(value), digest=digest(value))


def mask_line(
    line: str,
    spans: Iterable[tuple[int, int]],
    kind: FileKind | None = None,
    whole: Collection[tuple[int, int]] = (),
    hidden: Sequence[tuple[int, int]] | None = None,
) -> str:
    """The line with every known secret span masked, and what the snippet policy hides.

    The policy (`scanner.snippets`) is the safety net: a snippet shown for one
    rule must not reveal a credential no rule recognised on the same line.
    `whole` are the spans of short secrets, which show no character even
    where the span is longer than the secret (`shows_ends`). `hidden` is the
    policy's answer for this line when the caller already has it: a line of
    many findings is read by the policy once, not once per finding.
    """
    known = [span for span in spans if span not in whole]
    policy = snippets.hidden(line, kind) if hidden is None else hidden
    return _masked(line, known, [*policy, *whole])


def neighbours(
    lines: Sequence[str],
    found: Iterable[int],
    spans: Mapping[int, Sequence[tuple[int, int]]],
    kind: FileKind | None,
    secrets: Iterable[str] = (),
    radius: int = CONTEXT_LINES,
    whole: Mapping[int, Sequence[tuple[int, int]]] | None = None,
) -> dict[int, str]:
    """Every line within `radius` of a line in `found`, masked like a snippet, by number.

    Each gets the snippet policy and the file's secret spans on it, and every
    secret text of the file found on it is masked too (a key defined on line 3
    and quoted on line 5). Each line is masked once, however many findings
    are near it. `whole` are the spans of short secrets (`mask_line`); a text
    of one quoted elsewhere shows no character either.
    """
    shorts = whole or {}
    quoted = sorted({s for s in secrets if len(s) >= 4}, key=len, reverse=True)
    short_texts = {
        lines[n - 1][start:end] for n, found_on in shorts.items() for start, end in found_on
    }
    near = {n for line in found for n in range(line - radius, line + radius + 1)}
    masked = {}
    for number in sorted(n for n in near if 1 <= n <= len(lines)):
        raw = lines[number - 1].rstrip()
        extra = [
            (secret, span)
            for secret in quoted
            if secret in raw
            for span in _occurrences(raw, secret)
        ]
        short = [
            *shorts.get(number, ()),
            *(span for secret, span in extra if secret in short_texts),
        ]
        known = [*spans.get(number, ()), *(span for _, span in extra)]
        masked[number] = mask_line(raw, known, kind, short)[:CONTEXT_WIDTH]
    return masked


def context(
    lines: Sequence[str],
    line: int,
    snippet: str,
    masked: Mapping[int, str],
    radius: int = CONTEXT_LINES,
) -> tuple[tuple[int, str], ...]:
    """The finding's line and up to `radius` lines either side, from `neighbours`.

    The finding's own line is its snippet, which the engine masked for that
    finding, with the line's indentation put back.
    """
    shown = []
    for number in range(max(1, line - radius), min(len(lines), line + radius) + 1):
        if number == line:
            raw = lines[number - 1]
            text = raw[: len(raw) - len(raw.lstrip())] + snippet
        else:
            text = masked.get(number, _STARS)
        shown.append((number, text[:CONTEXT_WIDTH]))
    return tuple(shown)


def _occurrences(text: str, part: str) -> Iterator[tuple[int, int]]:
    start = text.find(part)
    while start != -1:
        yield start, start + len(part)
        start = text.find(part, start + 1)


def mask_reason(reason: str, secrets: Iterable[str], limit: int) -> str:
    """An inline ignore's reason as reports show it: masked like a snippet, at most `limit` long.

    `secrets` are the values the file's findings mark: the reason may quote
    one (`prod is AKIA...`) anywhere, not only where it was found. The
    reason is cut after masking, so no cut leaves a secret's piece unmasked.
    """
    spans = [
        (found.start(), found.end())
        for secret in sorted({s for s in secrets if len(s) >= 4}, key=len, reverse=True)
        for found in re.finditer(re.escape(secret), reason)
    ]
    masked = _masked(reason, spans, snippets.hidden(reason, syntax=snippets.PROSE))
    return masked if len(masked) <= limit else masked[: limit - 1] + "\u2026"


def _masked(line: str, spans: Iterable[tuple[int, int]], hidden: Iterable[tuple[int, int]]) -> str:
    known = set(_merged(spans))
    pieces = []
    cursor = 0
    for start, end in _merged([*known, *hidden]):
        pieces.append(line[cursor:start])
        text = line[start:end]
        if (start, end) in known:
            pieces.append(mask(text))
        else:
            pieces.append(text if MASKED.fullmatch(text) else _STARS)
        cursor = end
    pieces.append(line[cursor:])
    return "".join(pieces)


def shown(name: str) -> str:
    """A name from a scanned tree (a path, a key) as an error line may print it.

    It is one line, and a token in it that looks like a key or token is
    masked, as is a URL's user info password. Names are not values, so the
    snippet policy's masking of every unsafe value would hide the very key or
    glob the message is about.
    """
    return visible(
        _TOKEN.sub(
            lambda m: mask(m[0]) if shapes.is_secret_shaped(m[0]) else m[0],
            without_url_passwords(name),
        )
    )


def without_url_passwords(text: str) -> str:
    """`text` with the password of every URL's user info as `********`, whatever its length.

    A key or a name may be a URL (`//bob:<password>@host/:_authToken` in
    `.npmrc`, a YAML key `https://user:<password>@host/`); a message that
    names it shows the user and the host, never the password.
    """
    pieces = []
    cursor = 0
    for start, end in shapes.userinfo_passwords(text):
        pieces.append(text[cursor:start] + _STARS)
        cursor = end
    return "".join(pieces) + text[cursor:]


def _merged(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping or touching spans as one: each must be masked whole, whoever found it."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(s for s in spans if s[1] > s[0]):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged
