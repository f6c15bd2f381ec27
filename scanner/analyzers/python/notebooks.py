"""Jupyter notebooks as Python: the code cells joined into one module, placed back in the JSON.

A notebook (nbformat 4) keeps each cell's source as JSON strings. The code
cells, in order, become one module (a later cell sees an earlier cell's
constants, as the kernel does); IPython syntax that is not Python (`%pip`,
`!ls`, `files = !ls`, `obj?`, a `%%bash` cell) is blanked line by line, so
line numbers hold. Every character of that module remembers the offset in
the `.ipynb` text it was decoded from, so a finding points at the JSON line
and column of the secret, and masking hits its real characters there (an
escaped quote or `\\n` spans two). Parsed with the standard `json` module;
string positions come from the JSON text itself, matched in order against
the parsed document.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from scanner.analyzers.base import Reported, Source, Unparsable
from scanner.model import Detection, FileKind, KeyUse, Location, Notification

_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_ESCAPES = frozenset('"\\/bfnrt')  # JSON's two-character escapes: \" \\ \/ \b \f \n \r \t
# IPython lines that are not Python: magics, shell escapes, captured shell output, help.
_NOT_PYTHON = re.compile(r"^\s*(?:[%!]|[\w.,\s]+=\s*[%!]\w|[\w.]+\?{1,2}\s*$)")


@dataclass(frozen=True, slots=True)
class Notebook:
    """The code cells as one module, and for each of its characters the notebook offset."""

    code: str
    offsets: tuple[int, ...]  # len(code) + 1 entries: where code[i] is in the .ipynb text


def read(text: str) -> Notebook:
    """The code of an nbformat 4 notebook; `Unparsable` for anything else."""
    try:
        document = json.loads(text)
    except (ValueError, RecursionError):
        raise Unparsable("notebook is not valid JSON") from None
    if not (isinstance(document, dict) and document.get("nbformat") == 4):
        raise Unparsable("not an nbformat 4 notebook")
    if not isinstance(document.get("cells"), list):
        raise Unparsable("notebook has no cell list")
    chars: list[str] = []
    offsets: list[int] = []
    for pieces in _code_cells(document, text):
        cell = "".join(piece for piece, _ in pieces)
        if not cell:
            continue
        places = [offset for piece, start in pieces for offset in _offsets(text, start, piece)]
        if cell and not cell.endswith("\n"):
            cell += "\n"
            places.append(places[-1] + 1)
        _add_python(cell, places, chars, offsets)
    offsets.append(offsets[-1] + 1 if offsets else 0)
    code = "".join(chars)
    if len(offsets) != len(code) + 1:
        raise Unparsable("notebook source strings not understood")
    return Notebook(code, tuple(offsets))


def placed(reported: Reported, notebook: Notebook, code: Source, source: Source) -> Reported:
    """A report about the joined code, with every place moved to the notebook's text."""
    code_index, file_index = code.index, source.index

    def moved(where: Location) -> Location:
        start = notebook.offsets[
            min(code_index.offset(where.line, where.column), len(notebook.code))
        ]
        if not where.end_line:
            return Location(*file_index.position(start))
        end_offset = code_index.offset(where.end_line, where.end_column)
        end = notebook.offsets[min(end_offset, len(notebook.code))]
        if 0 < end_offset <= len(notebook.code):  # just past the last character's spelling
            last = notebook.offsets[end_offset - 1]
            end = last + width(source.text, last)
        return file_index.location(start, max(start, end))

    if isinstance(reported, Detection):
        return replace(
            reported,
            location=moved(reported.location),
            secret_spans=tuple(moved(s) for s in reported.secret_spans),
            related=tuple(
                replace(r, location=moved(r.location)) if r.path == source.relpath else r
                for r in reported.related
            ),
        )
    if isinstance(reported, KeyUse):
        return replace(reported, location=moved(reported.location))
    if isinstance(reported, Notification):
        return replace(reported, line=line_in_file(reported.line, notebook, code, source))
    return reported


def code_source(source: Source, notebook: Notebook) -> Source:
    """The joined code as a Python file of the notebook's name."""
    return Source.of(source.relpath, FileKind.PYTHON, notebook.code)


def line_in_file(line: int, notebook: Notebook, code: Source, source: Source) -> int:
    """The notebook line of a line of the joined code (0 stays 0: no line)."""
    if not line:
        return 0
    offset = notebook.offsets[min(code.index.offset(line, 1), len(notebook.code))]
    return source.index.line(offset)


def _code_cells(document: dict[str, Any], text: str) -> Iterator[list[tuple[str, int]]]:
    """Each code cell's source strings, each with the offset of its first character in `text`.

    JSON strings are met in the text in the order a depth-first walk of the
    parsed document meets keys and values, so the n-th string of the walk is
    the n-th string of the text; a document where they disagree (a repeated
    key) is refused.
    """
    tokens = [m.start() + 1 for m in _STRING.finditer(text)]
    count = 0
    cells: list[list[tuple[str, int]]] = []

    def walk(value: Any, source_of: list[tuple[str, int]] | None = None) -> None:
        nonlocal count
        if isinstance(value, str):
            if source_of is not None and count < len(tokens):
                source_of.append((value, tokens[count]))
            count += 1
        elif isinstance(value, dict):
            for item in value.values():
                count += 1  # its key
                walk(item, source_of)
        elif isinstance(value, list):
            for item in value:
                walk(item, source_of)

    for key, item in document.items():
        count += 1
        if key != "cells":
            walk(item)
            continue
        for cell in item:
            if not isinstance(cell, dict):
                walk(cell)
                continue
            code = cell.get("cell_type") == "code"
            for cell_key, value in cell.items():
                count += 1
                if code and cell_key == "source" and isinstance(value, (str, list)):
                    cells.append([])
                    walk(value, cells[-1])
                else:
                    walk(value)
    if count != len(tokens):
        raise Unparsable("notebook JSON has repeated keys")
    return iter(cells)


def _offsets(text: str, start: int, piece: str) -> Iterator[int]:
    """The offset in `text` of each character of the decoded JSON string starting at `start`."""
    i = start
    for _ in piece:
        yield i
        i += width(text, i)


def width(text: str, i: int) -> int:
    """How many characters of JSON text spell the decoded character at `i`."""
    if text[i] != "\\":
        return 1
    if text[i + 1] != "u":
        return 2 if text[i + 1] in _ESCAPES else 1
    high, low = _unit(text, i + 2), _unit(text, i + 8) if text.startswith("\\u", i + 6) else -1
    if 0xD800 <= high < 0xDC00 and 0xDC00 <= low < 0xE000:
        return 12  # a surrogate pair is one character in Python
    return 6


def _unit(text: str, i: int) -> int:
    """The UTF-16 unit spelled by the four hex digits at `i` (-1 when they are not)."""
    try:
        return int(text[i : i + 4], 16)
    except ValueError:
        return -1


def _add_python(cell: str, places: list[int], chars: list[str], offsets: list[int]) -> None:
    """Append the cell, its IPython-only lines replaced by `pass` at their indentation.

    `cell` ends with a newline; `places` holds the notebook offset of each of its characters.
    """
    magic = cell.startswith("%%")  # a cell magic: the whole cell is another language
    at = 0
    for line in cell[:-1].split("\n"):
        where = places[at : at + len(line) + 1]  # the line and its newline
        at += len(line) + 1
        if magic or _NOT_PYTHON.match(line):
            indent = line[: len(line) - len(line.lstrip())]
            line = "" if magic else indent + "pass"
            where = [where[0]] * len(line) + [where[-1]]
        chars.append(line + "\n")
        offsets.extend(where)
