"""Docker's client credentials: `~/.docker/config.json` and the older `~/.dockercfg`.

`docker login` writes each registry's credentials under `auths` (at the top
of `.dockercfg`) as `auth`, base64 of `user:password`, or as an
`identitytoken` (a refresh token from the registry). The reader hands the
judges the password out of `auth`, placed on the base64 text, under the key
`auth` (a credential's name, so SEC001 applies its value test; a user
without a password gives none), and an
`identitytoken` as a declared secret. `credsStore` and `credHelpers` name
the helper that keeps the credentials elsewhere: references, not secrets,
read like any other JSON setting.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from scanner.analyzers.base import Source
from scanner.analyzers.config.gate import worth_reading
from scanner.analyzers.config.readers.document_tree import tree_settings
from scanner.analyzers.config.readers.json_reader import JSON_SYNTAX, json_documents
from scanner.analyzers.config.setting import Declared, Reader, Setting
from scanner.analyzers.credentials import base64_text
from scanner.file_format import FileFormat, Files
from scanner.model import FileKind

_TOKENS = frozenset({"identitytoken", "registrytoken"})

DOCKER_CONFIG = FileFormat(
    FileKind.JSON,
    JSON_SYNTAX,
    "json",
    (Files(names=("config.json",), under=frozenset({".docker"})), Files(names=(".dockercfg",))),
)


def read(source: Source) -> Iterator[list[Setting]]:
    for root in json_documents(source.text, worth_reading, source.index):
        yield [_credential(s) for s in tree_settings(root, source.lines, worth_reading)]


def _credential(setting: Setting) -> Setting:
    key = setting.key.lower()
    if key in _TOKENS:
        return replace(setting, declared=Declared.SECRET_STRING)
    if key != "auth":
        return setting
    decoded = base64_text(setting.value)
    if decoded is None:
        return setting  # not base64: judged as written, like any value under a credential's name
    return replace(setting, value=decoded.partition(":")[2])


READER = Reader("docker-config", DOCKER_CONFIG, read)
