"""npm's `.npmrc` (a project's, a user's, the global `npmrc`) as npm's `ini` parser reads it.

A registry's credentials are keys scoped to its URL without the scheme:
`//registry.npmjs.org/:_authToken` (a token), `//host/:_password` (base64 of
the password, beside a plain `username`) and `_auth`, scoped or not (base64
of `user:password`). The reader hands the judges the token, and the password
out of the base64, placed on the base64 text, so SEC001 applies its one value
policy: `${NPM_TOKEN}`, which npm expands from the environment, is no value,
and an `npm_` token is SEC002's. Only `=` ends a key, since keys hold `:`;
npm trims every line, so an indented line is a key, never a continuation.
A key's URL may carry `user:password@`: that password is judged too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace

from scanner.analyzers.base import Source
from scanner.analyzers.config.readers.ini_reader import ini_settings
from scanner.analyzers.config.setting import Reader, Setting
from scanner.analyzers.credentials import base64_text
from scanner.file_format import FileFormat, Files, Syntax
from scanner.model import FileKind, Location
from scanner.shapes import userinfo_passwords

_NPMRC_KEY = re.compile(r"^(?P<indent>[ \t]*)(?P<key>[^\s=#;\[](?:[^=]*[^ \t=])?)[ \t]*=[ \t]*")

# npm's and Yarn 1's registry files: a snippet shows a line's key alone, never its value.
REGISTRY_SYNTAX = Syntax((";", "#"), fields="=")
NPMRC = FileFormat(FileKind.NPMRC, REGISTRY_SYNTAX, "ini", (Files(names=(".npmrc", "npmrc")),))


def read(source: Source) -> Iterator[list[Setting]]:
    settings = ini_settings(source.lines, _NPMRC_KEY, continuations=False)
    yield list(registry_settings(settings, source.lines))


def registry_settings(settings: Iterable[Setting], lines: Sequence[str]) -> Iterator[Setting]:
    """Each setting as `registry_credential` reads it, then the password its key's user info holds.

    npm and Yarn 1 match a registry key's URL as written, so a key may carry
    `user:password@` (`//bob:<password>@host/:_authToken`): a credential of
    its own, judged as a `password` under the key.
    """
    for setting in settings:
        yield registry_credential(setting)
        line = lines[setting.location.line - 1]
        key_end = setting.location.column - 1  # the key is all of the line before its value
        passwords = userinfo_passwords(line[:key_end])
        if setting.key.startswith("//") and passwords:
            start, end = passwords[0]
            number = setting.location.line
            where = Location(number, start + 1, number, end + 1)
            yield Setting((*setting.path, "password"), line[start:end], where)


def registry_credential(setting: Setting) -> Setting:
    """`_auth` and `_password` as the password they encode; a value not base64 is judged as written."""
    field = setting.key.rpartition(":")[2]
    decoded = base64_text(setting.value) if field in ("_auth", "_password") else None
    if decoded is None:
        return setting
    return replace(setting, value=decoded.partition(":")[2] if field == "_auth" else decoded)


READER = Reader("npmrc", NPMRC, read)
