"""The readers under scanner/analyzers/ on their own, fed mutated and generated text.

A reader may refuse a file only with `Unparsable` (which carries a line,
never the parser's text); anything else escapes into the engine's
analyzer-error path and loses the file's findings. The positions a reader
hands out (a setting's value, a script word) must lie inside the file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import libcst as cst
import yaml
from hypothesis import strategies as st

from fuzz.inputs import samples
from fuzz.properties import TOLERATED, check_location
from fuzz.targets import fuzz_target
from scanner.analyzers import credentials, yamldoc
from scanner.analyzers.base import Context, Source, Unparsable
from scanner.analyzers.ci.shell_words import ScriptLine, logical_lines, pipelines, scalar_lines
from scanner.analyzers.config.readers.dockerfile_reader import dockerfile_settings
from scanner.analyzers.config.readers.document_tree import tree_settings
from scanner.analyzers.config.readers.dotenv_reader import dotenv_settings
from scanner.analyzers.config.readers.ini_reader import ini_settings
from scanner.analyzers.config.readers.json_reader import json_documents, strip_comments
from scanner.analyzers.config.readers.properties_reader import properties_settings
from scanner.analyzers.config.readers.toml_reader import toml_settings
from scanner.analyzers.config.readers.xml_reader import read as read_xml
from scanner.analyzers.config.readers.yaml_reader import yaml_documents
from scanner.analyzers.config.setting import Setting
from scanner.analyzers.lines import BOM, split_lines
from scanner.analyzers.python.analyzer import refuse
from scanner.analyzers.python.module import read
from scanner.analyzers.python.values import Evaluator, Known
from scanner.analyzers.secret_formats import SecretFormats
from scanner.model import FileKind


def texts(kind: FileKind) -> st.SearchStrategy[str]:
    """Texts as the engine hands them to readers: a leading byte order mark removed."""
    return samples(kind).map(lambda sample: sample.text.removeprefix(BOM))


def _everything(path: tuple[str, ...], value: str) -> bool:
    return True


def _refused(read_all: Callable[[], object]) -> None:
    try:
        read_all()
    except Unparsable as refused:
        assert refused.line >= 0
    except TOLERATED:
        pass


def _check_settings(settings: Iterator[Setting], text: str) -> None:
    lines = split_lines(text)
    for setting in settings:
        check_location(setting.location, lines, "/".join(setting.path))


@fuzz_target(
    "yaml-reader", texts(FileKind.YAML) | texts(FileKind.GITHUB_ACTIONS) | texts(FileKind.GITLAB_CI)
)
def test_yaml_reader_refuses_only_with_unparsable(text: str) -> None:
    def read_all() -> None:
        for root in yaml_documents(text):
            for entry in yamldoc.entries(root):
                yamldoc.location(entry.key)
                if isinstance(entry.value, yaml.ScalarNode):
                    yamldoc.value_span(entry.value, split_lines(text))
                    scalar_lines(entry.value, split_lines(text))
            list(yamldoc.mappings(root))
            list(tree_settings(root, split_lines(text), _everything))

    _refused(read_all)


@fuzz_target("json-reader", texts(FileKind.JSON))
def test_json_reader_refuses_only_with_unparsable(text: str) -> None:
    def read_all() -> None:
        lines = split_lines(text)
        for root in json_documents(text, _everything):
            _check_settings(tree_settings(root, lines, _everything), text)

    strip_comments(text)
    _refused(read_all)


@fuzz_target("toml-reader", texts(FileKind.TOML))
def test_toml_reader_places_every_value_inside_the_file(text: str) -> None:
    _refused(lambda: _check_settings(toml_settings(text), text))


@fuzz_target("xml-reader", texts(FileKind.XML))
def test_xml_reader_places_every_value_inside_the_file(text: str) -> None:
    def read_all() -> None:
        for settings in read_xml(Source.of("conf/settings.xml", FileKind.XML, text)):
            _check_settings(iter(settings), text)

    _refused(read_all)


@fuzz_target(
    "line-readers", texts(FileKind.DOTENV) | texts(FileKind.INI) | texts(FileKind.DOCKERFILE)
)
def test_line_readers_place_every_value_inside_the_file(text: str) -> None:
    lines = split_lines(text)
    for reader in (dotenv_settings, properties_settings, ini_settings, dockerfile_settings):
        _check_settings(reader(lines), text)


@fuzz_target(
    "shell-reader", texts(FileKind.GITHUB_ACTIONS) | texts(FileKind.CI) | texts(FileKind.TEXT)
)
def test_shell_reader_maps_every_word_back_into_the_script(text: str) -> None:
    lines = split_lines(text)
    script = [ScriptLine(n, 1, line) for n, line in enumerate(lines, 1) if line.strip()]
    for logical in logical_lines(script):
        for pipeline in pipelines(logical.text):
            for command in pipeline:
                for word in (*command.words, *(target for _, target in command.redirects)):
                    assert 0 <= word.start <= word.end <= len(logical.text)
                    line, column = logical.position(word.start)
                    check_location_in(line, column, lines)


def check_location_in(line: int, column: int, lines: tuple[str, ...]) -> None:
    assert 1 <= line <= len(lines) and 1 <= column <= len(lines[line - 1]) + 1, (line, column)


@fuzz_target("credential-predicates", st.text(max_size=200) | texts(FileKind.DOTENV))
def test_credential_predicates_answer_for_any_value(value: str) -> None:
    assert credentials.entropy(value) >= 0
    for predicate in (
        credentials.is_secret_name,
        credentials.looks_like_secret,
        credentials.is_not_a_literal,
        credentials.is_words,
        credentials.is_password_hash,
        credentials.is_dummy_value,
        credentials.is_encrypted_value,
        credentials.is_store_reference,
        credentials.is_template_fragment,
        credentials.is_example_file,
    ):
        assert predicate(value) in (True, False)
    found = credentials.url_password(value)
    if found is not None:
        assert 0 <= found[0] <= found[1] <= len(value)


@fuzz_target(
    "secret-formats",
    st.sampled_from(list(FileKind)).flatmap(lambda kind: texts(kind).map(lambda t: (kind, t))),
)
def test_secret_formats_place_every_credential_inside_the_file(case: tuple[FileKind, str]) -> None:
    kind, text = case
    lines = split_lines(text)
    source = Source("fuzz", kind, text, lines)
    for detection in SecretFormats().analyze(source, Context(frozenset({"SEC002"}))):
        check_location(detection.location, lines, detection.rule_id)
        for span in detection.secret_spans:
            check_location(span, lines, "secret span")


@fuzz_target("python-facts", texts(FileKind.PYTHON))
def test_python_facts_and_values_never_raise(text: str) -> None:
    if refuse(text) is not None:
        return
    try:
        module = cst.parse_module(text)
    except cst.ParserSyntaxError:
        return
    facts = read(module, text, "app/settings.py", {})
    evaluator: Evaluator = facts.evaluator
    for node in _expressions(module):
        value = evaluator.evaluate(node, [module])
        if isinstance(value, Known):
            assert value.origin is not None


def _expressions(module: cst.Module) -> list[cst.BaseExpression]:
    """Every expression, without recursion: the analyzer reads 900 chained strings fine."""
    found: list[cst.BaseExpression] = []
    stack: list[cst.CSTNode] = [module]
    while stack:
        node = stack.pop()
        if isinstance(node, cst.BaseExpression):
            found.append(node)
        stack.extend(node.children)
    return found
