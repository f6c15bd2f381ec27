"""One line model: `\\n`, `\\r\\n` and a lone `\\r` end a line, and every reader counts in it."""

from __future__ import annotations

import pytest
import yaml

from scanner.analyzers.config.readers.json_reader import json_documents
from scanner.analyzers.config.readers.toml_reader import toml_settings
from scanner.analyzers.lines import LineIndex, split_lines
from scanner.analyzers.yamldoc import documents, location
from scanner.model import Location

TEXT = "a\r\nbb\rccc\nd\u2028e\x0cf\x85g\u2029h\x0bi"


def test_lines_end_at_lf_crlf_and_lone_cr_only() -> None:
    assert split_lines(TEXT) == ("a", "bb", "ccc", "d\u2028e\x0cf\x85g\u2029h\x0bi")


@pytest.mark.parametrize(
    ("offset", "position"),
    [(0, (1, 1)), (3, (2, 1)), (4, (2, 2)), (6, (3, 1)), (10, (4, 1)), (12, (4, 3))],
    ids=["first", "after-crlf", "second-char", "after-lone-cr", "after-lf", "after-u2028"],
)
def test_an_offset_is_a_line_and_column_of_those_lines(
    offset: int, position: tuple[int, int]
) -> None:
    index = LineIndex.of(TEXT)
    assert index.position(offset) == position
    assert index.offset(*position) == offset


@pytest.mark.parametrize("separator", ["\x85", "\u2028", "\u2029"], ids=["nel", "ls", "ps"])
def test_yaml_marks_are_counted_in_the_engines_lines_not_yamls(separator: str) -> None:
    text = f'motd: "one{separator}two"\npassword: hunter-2-x\n'
    (root,) = documents(text)
    value = root.value[1][1]
    assert isinstance(value, yaml.ScalarNode)
    assert location(value) == Location(2, 11, 2, 21)
    assert split_lines(text)[1][10:20] == "hunter-2-x"


def test_json_tokens_after_a_lone_cr_are_on_the_next_line() -> None:
    text = '{\r  "password": "hunter-2-x"\r}\r'
    (root,) = json_documents(text, lambda path, value: True)
    value = root.value[0][1]
    assert location(value) == Location(2, 15, 2, 27)


def test_toml_values_are_placed_by_the_same_index() -> None:
    text = 'title = "a\u2028b"\r\n[db]\r\npassword = "hunter-2-x"\r\n'
    settings = {s.path: s.location for s in toml_settings(text)}
    assert settings[("db", "password")] == Location(3, 13, 3, 23)
