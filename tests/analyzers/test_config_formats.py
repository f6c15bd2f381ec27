"""Each config format read as its own tool reads it: values, and where their characters are."""

from __future__ import annotations

import pytest

from scanner.analyzers.base import Source, Unparsable
from scanner.analyzers.config.readers import hcl_reader
from scanner.analyzers.config.readers.dockerfile_reader import dockerfile_settings
from scanner.analyzers.config.readers.document_tree import tree_settings
from scanner.analyzers.config.readers.dotenv_reader import dotenv_settings
from scanner.analyzers.config.readers.ini_reader import ini_settings
from scanner.analyzers.config.readers.json_reader import json_documents, strip_comments
from scanner.analyzers.config.readers.properties_reader import properties_settings
from scanner.analyzers.config.readers.toml_reader import toml_settings
from scanner.analyzers.lines import split_lines
from scanner.analyzers.yamldoc import documents
from scanner.model import FileKind
from tests.setting_places import places


def _everything(path: tuple[str, ...], value: str) -> bool:
    return True


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("KEY=value\n", [(("KEY",), "value", (1, 5, 1, 10))]),
        ("export KEY=value\n", [(("KEY",), "value", (1, 12, 1, 17))]),
        ("KEY = spaced value # note\n", [(("KEY",), "spaced value", (1, 7, 1, 19))]),
        ("KEY='a#b'\n", [(("KEY",), "a#b", (1, 6, 1, 9))]),
        ('KEY="a\\"b\\nc"\n', [(("KEY",), 'a"b\nc', (1, 6, 1, 13))]),
        ('KEY="first\nsecond"\nNEXT=1\n', [(("KEY",), "first\nsecond", (1, 6, 2, 7)), (("NEXT",), "1", (3, 6, 3, 7))]),
        ("# KEY=commented\n  \nKEY=\n", [(("KEY",), "", (3, 5, 3, 5))]),
    ],
    ids=["plain", "export", "inline-comment", "single-quotes", "escapes", "multi-line", "empty"],
)  # fmt: skip
def test_dotenv(text, expected) -> None:
    assert places(dotenv_settings(split_lines(text))) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a.b=c\n", [(("a.b",), "c", (1, 5, 1, 6))]),
        ("a.b : c\n", [(("a.b",), "c", (1, 7, 1, 8))]),
        ("a.b c d\n", [(("a.b",), "c d", (1, 5, 1, 8))]),
        ("a=x\\\n   y\n", [(("a",), "xy", (1, 3, 2, 5))]),
        ("a\\:b=\\u0041#1\n", [(("a:b",), "A#1", (1, 6, 1, 14))]),
        ("# a=1\n! b=2\n", []),
    ],
    ids=["equals", "colon", "whitespace", "continuation", "escapes", "comments"],
)
def test_properties(text, expected) -> None:
    assert places(properties_settings(split_lines(text))) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[db]\npassword = x ; note\n", [(("db", "password"), "x", (2, 12, 2, 13))]),
        ("[db]\npassword: 'x y'\n", [(("db", "password"), "x y", (2, 12, 2, 15))]),
        ("key = a\n  b\n[s]\n\tk = v\n", [(("key",), "a", (1, 7, 1, 8)), (("s", "k"), "v", (4, 6, 4, 7))]),
        ("; a = 1\n# b = 2\n", []),
    ],
    ids=["section", "quotes", "continuation-and-indented-keys", "comments"],
)  # fmt: skip
def test_ini(text, expected) -> None:
    assert places(ini_settings(split_lines(text))) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ENV A=1 B=\"x y\"\n", [(("A",), "1", (1, 7, 1, 8)), (("B",), "x y", (1, 12, 1, 15))]),
        ("ENV KEY value with spaces\n", [(("KEY",), "value with spaces", (1, 9, 1, 26))]),
        ("env A=1 \\\n    B='2'\n", [(("A",), "1", (1, 7, 1, 8)), (("B",), "2", (2, 8, 2, 9))]),
        ("ARG TOKEN\nARG B=x\n", [(("B",), "x", (2, 7, 2, 8))]),
        ("RUN A=1 echo\n", []),
    ],
    ids=["pairs", "legacy-form", "continuation", "arg", "not-env"],
)  # fmt: skip
def test_dockerfile(text, expected) -> None:
    assert places(dockerfile_settings(split_lines(text))) == expected


def test_toml_positions_follow_tables_arrays_and_inline_tables() -> None:
    text = (
        'title = "x"\n'
        "[db]\n"
        'primary = { host = "h", password = "p1" }\n'
        "[[servers]]\n"
        'token = """\n'
        'multi"""\n'
        "[[servers]]\n"
        "token = 't2'\n"
        "[servers.auth]\n"
        'a.b = "dotted"\n'
    )
    assert places(toml_settings(text)) == [
        (("title",), "x", (1, 10, 1, 11)),
        (("db", "primary", "host"), "h", (3, 21, 3, 22)),
        (("db", "primary", "password"), "p1", (3, 37, 3, 39)),
        (("servers", "[0]", "token"), "multi", (6, 1, 6, 6)),
        (("servers", "[1]", "token"), "t2", (8, 10, 8, 12)),
        (("servers", "[1]", "auth", "a", "b"), "dotted", (10, 8, 10, 14)),
    ]


def test_toml_arrays_of_inline_tables_and_a_huge_inline_table_are_linear() -> None:
    text = 'users = [{name = "a", password = "p0"}, {name = "b", password = "p1"}]\n'
    assert [s.location.column for s in toml_settings(text) if s.key == "password"] == [35, 66]
    huge = "t = {" + ", ".join(f'password{i} = "v{i}"' for i in range(20000)) + "}\n"
    assert len(list(toml_settings(huge))) == 20000


def test_toml_error_keeps_the_line_only() -> None:
    with pytest.raises(Unparsable) as raised:
        list(toml_settings('a = "Xk9#mQ2vLp7wRt4z"\nb = \n'))
    assert raised.value.line == 2
    assert "Xk9" not in raised.value.what


def _tfvars(text: str) -> list[tuple[tuple[str, ...], str, tuple[int, int, int, int]]]:
    (document,) = hcl_reader.read(Source.of("infra/production.tfvars", FileKind.HCL, text))
    return places(document)


def test_tfvars_paths_follow_blocks_objects_and_tuples() -> None:
    text = (
        'db_password = "p0"\n'
        "ttl = 3600\n"
        "tags = {\n"
        '  "team.owner" = "orders"\n'
        "}\n"
        'users = [{ name = "a", password = "p1" }]\n'
        'resource "aws_db_instance" "db" {\n'
        "  enabled = true\n"
        "}\n"
    )
    assert _tfvars(text) == [
        (("db_password",), "p0", (1, 16, 1, 18)),
        (("ttl",), "3600", (2, 7, 2, 11)),
        (("tags", "team.owner"), "orders", (4, 19, 4, 25)),
        (("users", "[0]", "name"), "a", (6, 20, 6, 21)),
        (("users", "[0]", "password"), "p1", (6, 36, 6, 38)),
        (("resource", "aws_db_instance", "db", "enabled"), "true", (8, 13, 8, 17)),
    ]


def test_tfvars_expressions_are_no_values_and_escapes_are_applied() -> None:
    text = 'a = "${var.password}"\nb = var.token\nc = "tab\\there $${literal} \\u00e9"\n'
    assert _tfvars(text) == [(("c",), "tab\there ${literal} \u00e9", (3, 6, 3, 34))]


def test_tfvars_error_keeps_the_engine_s_line_only() -> None:
    with pytest.raises(Unparsable) as raised:
        _tfvars('a = "Xk9#mQ2vLp7wRt4z"\rb = \n')
    assert raised.value.line == 2
    assert "Xk9" not in raised.value.what


def test_jsonc_comments_become_spaces_and_strings_stay() -> None:
    text = '{"a": "//not a comment", // gone\n "b": [1, 2, /* gone */],\n}'
    stripped = strip_comments(text)
    assert len(stripped) == len(text)
    assert stripped.count("\n") == text.count("\n")
    assert '"//not a comment"' in stripped
    assert "gone" not in stripped


def test_json_values_keep_line_and_column() -> None:
    text = '{\n  "a": {"token": "t1"},\n  "list": [{"name": "K", "value": "v"}]\n}\n'
    roots = json_documents(text, _everything)
    assert sorted(places(tree_settings(roots[0], split_lines(text), _everything))) == [
        (("a", "token"), "t1", (2, 19, 2, 21)),
        (("list", "K"), "v", (3, 36, 3, 37)),
        (("list", "[0]", "name"), "K", (3, 22, 3, 23)),
        (("list", "[0]", "value"), "v", (3, 36, 3, 37)),
    ]


def test_json_without_wanted_values_is_not_walked() -> None:
    assert json_documents('{"name": "web", "replicas": 3}', lambda path, value: False) == []


def test_yaml_env_lists_and_quoted_anchored_scalars() -> None:
    text = "environment:\n  - \"A=x y\"\n  - B=2\nc: &anchor 'quoted'\nd: !!str plain\n"
    (root,) = documents(text)
    assert sorted(places(tree_settings(root, split_lines(text), _everything))) == [
        (("c",), "quoted", (4, 13, 4, 19)),
        (("d",), "plain", (5, 10, 5, 15)),
        (("environment", "A"), "x y", (2, 8, 2, 11)),
        (("environment", "B"), "2", (3, 7, 3, 8)),
    ]
