"""The one table of formats: declarations that agree, and readers that get the files they claim."""

from __future__ import annotations

from collections import Counter

import pytest

from scanner.analyzers.base import Source
from scanner.analyzers.config.formats import READERS, reader_for
from scanner.file_kinds import FORMATS, format_of, language_of, syntax_of
from scanner.model import FileKind
from scanner.snippets import hidden


def test_no_two_declarations_claim_the_same_name_prefix_or_suffix_in_the_same_folders() -> None:
    claims = Counter(
        (field, key, files.under)
        for form in FORMATS
        for files in form.files
        for field in ("names", "prefixes", "suffixes")
        for key in getattr(files, field)
    )
    assert [claim for claim, count in claims.items() if count > 1] == []


def test_formats_of_one_kind_declare_one_syntax_and_one_language() -> None:
    for kind in FileKind:
        declared = {(form.syntax, form.language) for form in FORMATS if form.kind is kind}
        assert len(declared) == 1, kind


@pytest.mark.parametrize("reader", READERS, ids=[reader.name for reader in READERS])
def test_every_file_a_config_reader_claims_is_given_to_that_reader(reader) -> None:
    for files in reader.format.files:
        folder = "/".join(sorted(files.under)[:1])
        for name in (*files.names, *(f"{p}local" for p in files.prefixes), *files.suffixes):
            relpath = f"{folder}/app{name}" if name in files.suffixes else f"{folder}/{name}"
            source = Source.of(relpath.lstrip("/"), reader.kind, "")
            assert format_of(source.relpath) is reader.format
            assert reader_for(source) is reader


def test_a_properties_file_and_an_ini_file_share_a_kind_but_not_a_reader() -> None:
    properties = Source.of("src/main/resources/application.properties", FileKind.INI, "")
    ini = Source.of("tox.ini", FileKind.INI, "")
    assert (reader_for(properties).name, reader_for(ini).name) == ("properties", "ini")


def test_a_file_no_reader_of_its_kind_claims_is_read_by_the_kinds_first_reader() -> None:
    source = Source.of("etc/app.settings", FileKind.INI, "")
    assert reader_for(source).name == "ini"


def test_snippets_read_a_line_with_the_syntax_its_format_declares() -> None:
    line = "password: hunter2hunter2  # rotated"
    assert syntax_of(FileKind.YAML).separators == ":"
    assert hidden(line, FileKind.YAML) == [(10, 24), (28, 35)]


def test_rule_docs_fence_a_format_in_the_language_its_reader_declares() -> None:
    assert (language_of(FileKind.DOTENV), language_of(FileKind.MAKEFILE)) == ("sh", "make")
