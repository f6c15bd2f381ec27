"""Every format nhiguard reads, gathered from the modules that declare them: one table.

Discovery asks `format_of` what a file is, from its path alone; snippets ask
`syntax_of` how to read a line of it; the rule docs fence examples in its
language. The declarations live with their readers (`FileFormat`), so a new
format is its reader module and one line in its family's table; this module
only indexes them. A path is looked up in three dicts (whole name, prefix,
suffix) after the CI systems' own table: no pattern is tried file by file.
"""

from __future__ import annotations

import os

from scanner.analyzers.ci.platforms import FORMATS as PIPELINES
from scanner.analyzers.ci.platforms import platform_for
from scanner.analyzers.config.formats import READERS
from scanner.analyzers.python.file_formats import NOTEBOOK, PYTHON
from scanner.analyzers.scripts.script_lines import MAKEFILE, SHELL
from scanner.analyzers.trees.nginx_tree import NGINX
from scanner.file_format import FileFormat, Files, Syntax
from scanner.model import FileKind

# Any other file: read for secret formats, and as a script when it starts with a shebang.
TEXT = FileFormat(FileKind.TEXT, Syntax(("#", "//", "<!--"), shell=True))

FORMATS: tuple[FileFormat, ...] = (
    *(reader.format for reader in READERS),
    PYTHON,
    NOTEBOOK,
    SHELL,
    MAKEFILE,
    NGINX,
    *PIPELINES,
    TEXT,
)

Claims = dict[str, list[tuple[Files, FileFormat]]]


def _index(keys: str) -> Claims:
    """Each name (or prefix, or suffix) with the formats claiming it, folder-bound claims first."""
    found: Claims = {}
    for form in FORMATS:
        for files in form.files:
            for key in getattr(files, keys):
                found.setdefault(key, []).append((files, form))
    return {key: sorted(claims, key=lambda c: not c[0].under) for key, claims in found.items()}


_NAMES = _index("names")
_PREFIXES = _index("prefixes")
_SUFFIXES = _index("suffixes")
_STARTS = tuple(_PREFIXES)
_BY_KIND = {form.kind: form for form in reversed(FORMATS)}  # the first declaration of a kind


def format_of(relpath: str) -> FileFormat:
    """The format of a file, from its repo-relative path alone."""
    platform = platform_for(relpath)  # pipelines: the CI systems' one table
    if platform is not None:
        return _BY_KIND[platform.kind]
    parts = [p for p in relpath.lower().split("/") if p not in ("", ".")]
    name = parts[-1] if parts else ""
    found = _claimed(_NAMES.get(name), parts)
    if found is None and name.startswith(_STARTS):
        prefixed = [
            c for prefix, claims in _PREFIXES.items() if name.startswith(prefix) for c in claims
        ]
        found = _claimed(prefixed, parts)
    if found is None:
        found = _claimed(_SUFFIXES.get(os.path.splitext(name)[1]), parts)
    return found or TEXT


def _claimed(claims: list[tuple[Files, FileFormat]] | None, parts: list[str]) -> FileFormat | None:
    """The first claim that holds for a file whose lower-case path parts are `parts`."""
    for files, form in claims or ():
        if files.holds(parts[:-1]):
            return form
    return None


def syntax_of(kind: FileKind | None) -> Syntax:
    """How a snippet reads a line of a file of `kind`; any text's way when the kind is unknown."""
    return _BY_KIND.get(kind, TEXT).syntax if kind is not None else TEXT.syntax


def language_of(kind: FileKind) -> str:
    """The fence language of the kind's examples in the rule docs ("" for none)."""
    return _BY_KIND.get(kind, TEXT).language
