"""PostgreSQL's password file (`.pgpass`, `pgpass.conf`) as libpq reads it.

Each line is `hostname:port:database:username:password`, `*` matching any
value in the first four fields and `\\:` / `\\\\` escaping a colon or a
backslash; the password is the rest of the line after the fourth field.
Lines starting with `#` are comments. Every entry is a credential, whatever
the file says around it, so the reader is registered as one of credentials;
the password is still judged by SEC001's value test (`*`, a `${VAR}`, an
empty field are none).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from scanner.analyzers.base import Source
from scanner.analyzers.config.setting import Reader, Setting
from scanner.file_format import FileFormat, Files, Syntax
from scanner.model import FileKind, Location

_FIELD = re.compile(r"(?:\\.|[^:\\])*")

PGPASS = FileFormat(
    FileKind.PGPASS,
    Syntax(("#",), fields=":"),  # a snippet shows the host alone
    "",
    (Files(names=(".pgpass", "pgpass.conf")),),
)


def pgpass_settings(lines: Sequence[str]) -> Iterator[Setting]:
    """Each entry's password, under its `host:port:database:user`."""
    for number, line in enumerate(lines, 1):
        if line.lstrip().startswith("#"):
            continue
        fields: list[str] = []
        cursor = 0
        while len(fields) < 4:
            field = _FIELD.match(line, cursor)
            end = field.end() if field else cursor
            if end >= len(line) or line[end] != ":":
                break
            fields.append(line[cursor:end])
            cursor = end + 1
        if len(fields) < 4:
            continue
        raw = line[cursor:].rstrip()
        password = re.sub(r"\\(.)", r"\1", raw)
        location = Location(number, cursor + 1, number, cursor + 1 + len(raw))
        yield Setting((":".join(fields), "password"), password, location)


def read(source: Source) -> Iterator[list[Setting]]:
    yield list(pgpass_settings(source.lines))


READER = Reader("pgpass", PGPASS, read, credentials=True)
