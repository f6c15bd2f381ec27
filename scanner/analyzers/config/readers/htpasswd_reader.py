"""Apache's `.htpasswd`: one `user:hash` line per account (`htpasswd`'s output).

The hash is what the server checks passwords against, so a copy of it lets
anyone guess the passwords offline at their own pace: apr1-MD5, SHA-1 and
crypt fall to a GPU in hours, bcrypt more slowly. Every entry is therefore
declared a stored password (`Declared.PASSWORD_HASH`), which SEC001
reports whether it is a hash or, as Apache on Windows accepts, the
password itself. Lines starting with `#` and blank lines are skipped.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from scanner.analyzers.base import Source
from scanner.analyzers.config.setting import Declared, Reader, Setting
from scanner.file_format import FileFormat, Files, Syntax
from scanner.model import FileKind, Location

HTPASSWD = FileFormat(
    FileKind.HTPASSWD,
    Syntax(("#",), fields=":"),  # a snippet shows the user, never what is stored for it
    "",
    (Files(names=(".htpasswd", "htpasswd"), suffixes=(".htpasswd",)),),
)


def htpasswd_settings(lines: Sequence[str]) -> Iterator[Setting]:
    """Each account's stored password, under the account's name."""
    for number, line in enumerate(lines, 1):
        user, colon, stored = line.strip().partition(":")
        if not colon or not user or user.startswith("#"):
            continue
        column = line.index(":") + 2
        where = Location(number, column, number, column + len(stored))
        yield Setting((user,), stored, where, Declared.PASSWORD_HASH)


def read(source: Source) -> Iterator[list[Setting]]:
    yield list(htpasswd_settings(source.lines))


READER = Reader("htpasswd", HTPASSWD, read, credentials=True)
