"""Credentials that span lines: a private key's body, a JWK's private members.

A PEM block may span lines (a key file, a YAML `|` scalar) or sit on one
line with escaped newlines (a JSON service-account file). Its key material
runs from the BEGIN marker to the END marker, or to the end of the file
when the marker is missing; markers with no material between them, or
filler (`...`, `<your key>`), are a template. A JWK's private members (`d`,
`p`, `q`, `dp`, `dq`, `qi`, and a symmetric key's `k`) sit in the JSON
object around its `"kty"`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from scanner.analyzers.credentials import entropy
from scanner.analyzers.lines import LineIndex
from scanner.analyzers.placeholders import is_placeholder_token
from scanner.analyzers.secret_catalogue.format import Format, credential, pattern
from scanner.model import Location

_PEM_END = re.compile(r"-{3,5} ?END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)? ?-{3,5}|^Private-MAC:")
_ESCAPED_BREAK = re.compile(r"\\[nr]")
_BASE64 = re.compile(r"[A-Za-z0-9+/=]+")
# A key's material is base64 of random-looking bytes: 48 characters are 36 bytes.
_MIN_BODY = 48
_MIN_BODY_ENTROPY = 3.5
# How far a JWK's braces are looked for around its `"kty"`.
_OBJECT_REACH = 16384


@dataclass(frozen=True, slots=True)
class Block:
    """A credential over one or more places: reported at `at`, every span masked."""

    at: Location
    spans: tuple[Location, ...]
    value: str


def private_keys(fmt: Format, lines: Sequence[str], number: int) -> Iterator[Block]:
    """The key material of each block that begins on line `number`, if it has any."""
    line = lines[number - 1]
    for begin in pattern(fmt).finditer(line):
        end_here = _PEM_END.search(line, begin.end())
        spans: list[Location] = []
        if end_here is not None:
            spans.append(Location(number, begin.end() + 1, number, end_here.start() + 1))
        else:
            spans.append(Location(number, begin.end() + 1, number, len(line) + 1))
            last = number + 1
            while last <= len(lines):
                closing = _PEM_END.search(lines[last - 1])
                if closing is not None:
                    spans.append(Location(last, 1, last, closing.start() + 1))
                    break
                spans.append(Location(last, 1, last, len(lines[last - 1]) + 1))
                last += 1
        body = "\n".join(_text(lines, span) for span in spans)
        if _has_key_material(body):
            yield Block(
                Location(number, begin.start() + 1, number, len(line) + 1),
                tuple(span for span in spans if span.end_column > span.column),
                body,
            )


def _has_key_material(body: str) -> bool:
    """Base64 lines of random bytes; header lines (`Proc-Type:`, `Comment:`) are not material."""
    material = "".join(
        "".join(_BASE64.findall(line))
        for line in _ESCAPED_BREAK.sub("\n", body).splitlines()
        if ":" not in line
    )
    return (
        len(material) >= _MIN_BODY
        and not is_placeholder_token(material, material)
        and entropy(material) >= _MIN_BODY_ENTROPY
    )


def jwk_members(fmt: Format, text: str, index: LineIndex, anchor: int) -> Block | None:
    """The private members of the JSON object around the `"kty"` at `anchor`, if it has any."""
    opening = text.rfind("{", max(0, anchor - _OBJECT_REACH), anchor)
    closing = text.find("}", anchor, anchor + _OBJECT_REACH)
    if opening < 0 or closing < 0:
        return None
    spans: list[Location] = []
    values: list[str] = []
    for match in pattern(fmt).finditer(text, opening, closing + 1):
        span = credential(fmt, match)
        if span is not None:
            spans.append(index.location(*span))
            values.append(text[span[0] : span[1]])
    if not spans:
        return None
    return Block(spans[0], tuple(spans), "\n".join(values))


def _text(lines: Sequence[str], span: Location) -> str:
    return lines[span.line - 1][span.column - 1 : span.end_column - 1]
