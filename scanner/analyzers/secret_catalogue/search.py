"""Where the catalogue's formats sit in a text: one anchor pass, then a window around each hit.

Each anchor hit runs the regexes of the formats that own the anchor over a
window of its line: from `_BEFORE` characters before the anchor (no token
starts further before its anchor) to the first delimiter `_AFTER` characters
past it (no token holds a delimiter, so none is cut short). A regex never
sees the rest of the file, nor the rest of a minified megabyte-long line.
Formats that span lines (private keys, JWKs) are handed back as anchor
places for their block readers.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from scanner.analyzers.placeholders import is_placeholder_token
from scanner.analyzers.secret_catalogue import FORMATS, OWNERS, STARTS_TOKEN, anchor_hits
from scanner.analyzers.secret_catalogue.format import GLUED, Extent, Format, credential, pattern
from scanner.model import FileKind

_BEFORE = 256
_AFTER = 1024
_DELIMITER = re.compile(r"[\s\"'<>`,;]")


@dataclass(frozen=True, slots=True)
class Found:
    """A credential of a line format: `text[start:end]`."""

    fmt: Format
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Hits:
    """Credentials found on their lines (no two overlap), and anchors of the block formats."""

    found: tuple[Found, ...]
    blocks: tuple[tuple[Format, int], ...]


def search(text: str, kind: FileKind | None = None) -> Hits:
    """Every credential the catalogue recognises in `text`, in a file of `kind`."""
    found: set[tuple[int, int, int]] = set()  # start, end, index into FORMATS
    blocks: list[tuple[Format, int]] = []
    searched: dict[int, tuple[int, int]] = {}  # format index -> the last window it searched
    lines = _Lines(text)
    delimiters = _Delimiters(text)
    for anchor, start, end in anchor_hits(text):
        if STARTS_TOKEN[anchor] and start and text[start - 1] in GLUED:
            continue  # `path`, `compat`: no token starts inside a word
        line_start, line_end = lines.around(start, end)
        window_start = max(line_start, start - _BEFORE)
        window_end = delimiters.first(min(end + _AFTER, line_end), line_end)
        for index in OWNERS[anchor]:
            fmt = FORMATS[index]
            if kind in fmt.owned_by:
                continue
            if fmt.extent is not Extent.LINE:
                blocks.append((fmt, start))
                continue
            last = searched.get(index)
            if last is not None and last[0] <= window_start and window_end <= last[1]:
                continue
            searched[index] = (window_start, window_end)
            for match in _pattern(index).finditer(text, window_start, window_end):
                span = credential(fmt, match)
                if span is not None:
                    found.add((*span, index))
    return Hits(_apart(found), tuple(blocks))


@functools.cache
def _pattern(index: int) -> re.Pattern[str]:
    """A format's token, compiled once, at the first anchor that needs it (kept apart from
    `re`'s own cache, which a file of many distinct values could evict)."""
    return pattern(FORMATS[index])


def recognises(value: str, kind: FileKind | None = None) -> bool:
    """Whether SEC002 reports a credential in this value on its own (in a file of `kind`)."""
    return bool(search(value, kind).found)


def is_prefixed_placeholder(value: str) -> bool:
    """A known format's anchor followed by filler (`xoxb-<ids>-####`): a placeholder to any rule."""
    for _anchor, start, end in anchor_hits(value):
        if is_placeholder_token(value, value[:start] + value[end:]):
            return True
    return False


def _apart(found: set[tuple[int, int, int]]) -> tuple[Found, ...]:
    """Where two formats claim the same characters, the longer match, then the first format."""
    kept: list[Found] = []
    last_end = -1
    for start, end, index in sorted(found, key=lambda f: (f[0], f[0] - f[1], f[2])):
        if start >= last_end:
            kept.append(Found(FORMATS[index], start, end))
            last_end = end
    return tuple(kept)


class _Lines:
    """The bounds of the line around an offset, found once per line however long it is.

    A line ends at `\\n`, `\\r\\n` or a lone `\\r`, as in `scanner.analyzers.lines`.
    """

    def __init__(self, text: str) -> None:
        self._text = text
        self._carriage = "\r" in text
        self._start = 0
        self._end = -1

    def around(self, start: int, end: int) -> tuple[int, int]:
        if self._start <= start and end <= self._end:
            return self._start, self._end
        text = self._text
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end)
        if line_end < 0:
            line_end = len(text)
        if self._carriage:
            line_start = max(line_start, text.rfind("\r", line_start, start) + 1)
            carriage = text.find("\r", end, line_end)
            line_end = carriage if carriage >= 0 else line_end
        self._start, self._end = line_start, line_end
        return line_start, line_end


class _Delimiters:
    """The first delimiter at or after an offset, each stretch of a line searched once.

    Anchor hits come in order, so the next window usually ends where the last
    one did: a line of repeated anchors and no delimiter (`lk_lk_lk_...`) would
    otherwise be searched to its end at every hit, in time quadratic in its length.
    """

    def __init__(self, text: str) -> None:
        self._text = text
        self._searched = (0, -1)  # from where, and the delimiter (or the line's end) found

    def first(self, start: int, line_end: int) -> int:
        """The first delimiter in `text[start:line_end]`, else `line_end`."""
        searched_from, found = self._searched
        if searched_from <= start <= found <= line_end:
            return found
        delimiter = _DELIMITER.search(self._text, start, line_end)
        found = delimiter.start() if delimiter is not None else line_end
        self._searched = (start, found)
        return found
