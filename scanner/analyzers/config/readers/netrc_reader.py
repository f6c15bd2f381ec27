"""`.netrc` / `_netrc` as curl, ftp and Python's `netrc` read them: `machine`, `login`, `password` tokens.

Tokens are separated by any blanks, across lines (`machine h` on one line
and `password p` on the next are one entry); `default` opens the entry for
every other host; `macdef` holds an ftp macro up to the next empty line; a
token starting with `#` comments out the rest of its line. A token may be
quoted, with backslash escapes (Python 3.11's reading). Each `password` is a
setting under its host, so SEC001 judges it by name and value like any
config password.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from scanner.analyzers.base import Source
from scanner.analyzers.config.setting import Reader, Setting
from scanner.file_format import FileFormat, Files, Syntax
from scanner.model import FileKind, Location

_TOKEN = re.compile(r'"(?:\\.|[^"\\])*"?|\S+')
_KEYWORDS = frozenset({"machine", "login", "password", "account", "macdef"})

NETRC = FileFormat(
    FileKind.NETRC,
    # A snippet shows the keywords alone: a value may be on a line of its own.
    Syntax(("#",), fields=" \t", keywords=_KEYWORDS | {"default"}),
    "",
    (Files(names=(".netrc", "_netrc")),),
)


def netrc_settings(lines: Sequence[str]) -> Iterator[Setting]:
    """Each entry's password, under the entry's host (`default` for the default entry)."""
    host = "default"
    expected = ""  # the keyword whose value the next token is
    macro = False
    for number, line in enumerate(lines, 1):
        if macro:
            macro = bool(line.strip())
            continue
        for token in _TOKEN.finditer(line):
            word = token.group()
            if not expected:
                if word.startswith("#"):
                    break
                if word == "default":
                    host = "default"
                expected = word if word in _KEYWORDS else ""
                continue
            value, column, size = _unquoted(word, token.start() + 1)
            if expected == "machine":
                host = value
            elif expected == "password":
                yield Setting(
                    (host, "password"), value, Location(number, column, number, column + size)
                )
            macro = expected == "macdef"
            expected = ""
            if macro:
                break  # the macro's body starts on the next line


def _unquoted(word: str, column: int) -> tuple[str, int, int]:
    """A token's value, the column of its first character and how many characters it spans."""
    if len(word) >= 2 and word[0] == '"' and word[-1] == '"':
        return re.sub(r"\\(.)", r"\1", word[1:-1]), column + 1, len(word) - 2
    return word, column, len(word)


def read(source: Source) -> Iterator[list[Setting]]:
    yield list(netrc_settings(source.lines))


READER = Reader("netrc", NETRC, read)
