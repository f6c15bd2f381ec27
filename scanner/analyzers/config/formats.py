"""The config formats nhiguard reads: one table, first match wins.

Each entry is a reader module's `READER`: the file kind (and, when a kind
covers several formats, the file suffixes) it reads, and the function that
turns a file into settings. A new format is one reader module and one line here.
"""

from __future__ import annotations

from scanner.analyzers.base import Source
from scanner.analyzers.config.readers import (
    dockerfile_reader,
    dotenv_reader,
    hcl_reader,
    ini_reader,
    json_reader,
    properties_reader,
    toml_reader,
    yaml_reader,
)
from scanner.analyzers.config.setting import Reader

READERS: tuple[Reader, ...] = (
    yaml_reader.READER,
    json_reader.READER,
    toml_reader.READER,
    dotenv_reader.READER,
    properties_reader.READER,  # before `ini`: both read FileKind.INI
    ini_reader.READER,
    dockerfile_reader.READER,
    hcl_reader.READER,
)


def reader_for(source: Source) -> Reader | None:
    return next((reader for reader in READERS if reader.reads(source)), None)
