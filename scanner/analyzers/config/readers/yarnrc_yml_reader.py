"""Yarn 2+'s `.yarnrc.yml`, read as the YAML it is, with the one setting its name does not tell.

`npmAuthToken` says by its name that it holds a token, at the top, under
`npmScopes.<scope>` and under `npmRegistries."//host"` alike. `npmAuthIdent`
holds `user:password`, or base64 of it, which Yarn sends as HTTP Basic: the
reader hands the judges its password, placed on the whole value, under the
key `password`, so SEC001 applies the one value policy to it (a user alone
gives none; `${NPM_AUTH_IDENT}`, which Yarn expands, is no value).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from scanner.analyzers.base import Source
from scanner.analyzers.config.readers import yaml_reader
from scanner.analyzers.config.setting import Reader, Setting
from scanner.analyzers.credentials import base64_text, is_template_fragment
from scanner.file_format import FileFormat, Files
from scanner.model import FileKind

YARNRC_YML = FileFormat(
    FileKind.YAML, yaml_reader.YAML_SYNTAX, "yaml", (Files(names=(".yarnrc.yml",)),)
)


def read(source: Source) -> Iterator[list[Setting]]:
    for document in yaml_reader.read(source):
        yield [_credential(s) for s in document]


def _credential(setting: Setting) -> Setting:
    if setting.key != "npmAuthIdent" or is_template_fragment(setting.value):
        return setting
    ident = setting.value.strip()
    pair = ident if ":" in ident else base64_text(ident)
    if pair is None:
        return setting  # neither form: judged by its own name, which says no secret
    return replace(setting, path=(*setting.path, "password"), value=pair.partition(":")[2])


READER = Reader("yarnrc-yml", YARNRC_YML, read)
