"""The config formats nhiguard reads: one table of reader modules.

Each entry is a reader module's `READER`: its `FileFormat` (the files it
claims, their kind, how snippets and docs read them) and the function that
turns a file into settings. Discovery's table of file names (`file_kinds`)
is built from these declarations, so a new format is one reader module and
one line here (and the rules' `inputs:` when it is a new kind).
"""

from __future__ import annotations

from scanner import file_kinds
from scanner.analyzers.base import Source
from scanner.analyzers.config.readers import (
    docker_config_reader,
    dockerfile_reader,
    dotenv_reader,
    hcl_reader,
    htpasswd_reader,
    ini_reader,
    json_reader,
    kubeconfig_reader,
    netrc_reader,
    npmrc_reader,
    pgpass_reader,
    properties_reader,
    tfstate_reader,
    toml_reader,
    xml_reader,
    yaml_reader,
    yarnrc_reader,
    yarnrc_yml_reader,
)
from scanner.analyzers.config.setting import Reader

READERS: tuple[Reader, ...] = (
    yaml_reader.READER,  # first of its kind: a YAML file no other reader claims
    json_reader.READER,  # first of its kind: a JSON file no other reader claims
    toml_reader.READER,
    dotenv_reader.READER,
    ini_reader.READER,  # before `properties`: an INI file no reader claims is read as INI
    properties_reader.READER,
    dockerfile_reader.READER,
    hcl_reader.READER,
    kubeconfig_reader.READER,
    docker_config_reader.READER,
    tfstate_reader.READER,
    netrc_reader.READER,
    pgpass_reader.READER,
    htpasswd_reader.READER,
    npmrc_reader.READER,
    yarnrc_reader.READER,
    yarnrc_yml_reader.READER,
    xml_reader.READER,
)


_BY_FORMAT = {reader.format: reader for reader in READERS}


def reader_for(source: Source) -> Reader | None:
    """The reader whose format claims the file; else the first of its kind (a notebook's cell)."""
    claimed = _BY_FORMAT.get(file_kinds.format_of(source.relpath))
    if claimed is not None and claimed.kind is source.kind:
        return claimed
    return next((reader for reader in READERS if reader.kind is source.kind), None)
