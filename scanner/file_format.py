"""What nhiguard knows of one kind of file, declared once by the module that reads it.

A `FileFormat` says which files are of the kind (whole names, name prefixes,
suffixes, optionally only below some folders), how a snippet reads one of
its lines (`Syntax`) and how the rule docs fence its examples. The module
that reads the format declares it (a config reader, the Python analyzer,
the script reader, a gateway parser); `file_kinds` gathers the declarations
into the one table that discovery, snippets and the rule docs read, so a
new format is its reader module and one line in a table.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from scanner.model import FileKind


@dataclass(frozen=True, slots=True)
class Syntax:
    """How a snippet reads a line of the format: which parts are code, values and comments."""

    comments: tuple[str, ...]
    separators: str = ""  # what makes `key<sep>value` a config line; "" for code
    shell: bool = False  # bare `NAME=value` words are assignments
    names_only: bool = False  # bare words are names (Python), only long ones are judged
    # An indented line without a key is the rest of the value above it: any such line
    # ("line", INI), or one of a single word ("word", YAML: several are more likely a
    # `run: |` script's). "" when the format has no such values.
    continuations: Literal["", "word", "line"] = ""
    # A credential file (`.htpasswd`, `.pgpass`, `.netrc`, `.npmrc`): every line is fields split by
    # these characters and only its first field shows, since any other may be a password.
    fields: str = ""
    # ... or, when given, only these words show (`.netrc`, where a value may start a line).
    keywords: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Files:
    """Files claimed by their path alone; names, prefixes and suffixes are lower case.

    A whole name wins over a prefix, and a prefix over a suffix (`Dockerfile.dev`,
    `.env.local`). `under` keeps the claim to files below a folder so named,
    at any depth (`conf.d/*.conf` is NGINX's, any other `.conf` INI's); such a
    claim wins over one without folders.
    """

    names: tuple[str, ...] = ()
    prefixes: tuple[str, ...] = ()
    suffixes: tuple[str, ...] = ()  # the last suffix of the name, with its dot
    under: frozenset[str] = frozenset()

    def holds(self, folders: Sequence[str]) -> bool:
        return not self.under or not self.under.isdisjoint(folders)


@dataclass(frozen=True, slots=True)
class FileFormat:
    """One kind of file: the files that are of it, its snippet syntax and its docs language.

    Several formats may share a kind (`.properties` and `.ini` are both INI);
    they then declare the same syntax and language. A `record` is written by
    a tool from other files or from running code (Terraform state, a
    notebook's stored outputs): a value it repeats was recorded twice, not
    used twice, so SEC003 counts the whole file as one place.
    """

    kind: FileKind
    syntax: Syntax
    language: str = ""  # the fence language of its examples in the rule docs
    files: tuple[Files, ...] = ()
    record: bool = False
