"""SEC005 in Python: a credential-named variable, attribute, argument or dict key given a literal.

`DB_PASSWORD = "..."`, `self.api_key = "..."`, `api_token: str = "..."`,
`connect(password="...")`, `{"client_secret": "..."}`, `env["API_TOKEN"] = "..."`
and `headers["Authorization"] = "Bearer ..."`. Names and values are judged
exactly as SEC001 judges a config setting (`credentials.is_secret_name`,
`literal_credentials.is_credential_text`): the same thresholds, placeholders,
references, dummy words, password hashes and known token formats (SEC002's).
A literal the signing-key families report (HMAC001, HMAC002) is theirs: the
analyzer drops this family's finding on it (`Family.yields_to`).
"""

from __future__ import annotations

from collections.abc import Iterator

import libcst as cst

from scanner import masking
from scanner.analyzers.config.judges.literal_credentials import is_credential_text
from scanner.analyzers.credentials import authorization_credential, is_secret_name
from scanner.analyzers.lines import LineIndex
from scanner.analyzers.python.module import Facts, name_of
from scanner.model import Detection, Location
from scanner.registry import SEC005


def detect(facts: Facts) -> Iterator[Detection]:
    thresholds = facts.params(SEC005)
    index = _LazyIndex(facts.source)
    for name, node in _named_literals(facts):
        text = _text(node)
        header = name.lower() == "authorization"
        if text is None or not (header or is_secret_name(name)):
            continue
        found = authorization_credential(text) if header else (0, len(text))
        if found is None or not is_credential_text(text[found[0] : found[1]], thresholds):
            continue
        where, span = _places(facts, node, index)
        if header:
            if span.line != span.end_line:
                continue
            text = text[found[0] : found[1]]
            span = Location(span.line, span.column + found[0], span.line, span.column + found[1])
        yield SEC005.detect(
            where,
            {"name": name},
            evidence=masking.evidence(text.strip()),
            secret_spans=(span,),
        )


def _named_literals(facts: Facts) -> Iterator[tuple[str, cst.SimpleString]]:
    """(name, literal) for each string literal given a name: stores, keywords, dict keys."""
    for store in facts.stores:
        name = name_of(store.target)
        if name and isinstance(store.value, cst.SimpleString):
            yield name, store.value
    for call in facts.every_call:
        for arg in call.node.args:
            if arg.keyword is not None and isinstance(arg.value, cst.SimpleString):
                yield arg.keyword.value, arg.value
    for mapping in facts.dicts:
        for element in mapping.elements:
            if (
                isinstance(element, cst.DictElement)
                and isinstance(element.key, cst.SimpleString)
                and isinstance(element.value, cst.SimpleString)
            ):
                key = element.key.evaluated_value
                if isinstance(key, str):
                    yield key, element.value


class _LazyIndex:
    """The module's line index, built once a literal is reported."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._index: LineIndex | None = None

    @property
    def index(self) -> LineIndex:
        if self._index is None:
            self._index = LineIndex.of(self.text)
        return self._index


def _places(facts: Facts, node: cst.SimpleString, lazy: _LazyIndex) -> tuple[Location, Location]:
    """The literal's place and the place of its characters between the quotes.

    A literal spelled once in the module is found by its text: libcst's
    positions regenerate the code of the whole enclosing statement (a class,
    a settings dict), which costs more than the rest of the family.
    """
    raw = node.value
    first = lazy.text.find(raw)
    if first < 0 or lazy.text.find(raw, first + 1) >= 0:
        return facts.location(node), facts.string_span(node)
    opening = len(node.prefix) + len(node.quote)
    end = first + len(raw)
    index = lazy.index
    return index.location(first, end), index.location(first + opening, end - len(node.quote))


def _text(node: cst.SimpleString) -> str | None:
    value = node.evaluated_value
    if isinstance(value, bytes):
        return value.decode("utf-8", "surrogateescape")
    return value if isinstance(value, str) else None
