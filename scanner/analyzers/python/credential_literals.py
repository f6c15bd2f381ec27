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

import re
from collections.abc import Iterator

import libcst as cst

from scanner import masking
from scanner.analyzers.config.judges.literal_credentials import is_credential_text
from scanner.analyzers.credentials import (
    authorization_credential,
    is_secret_name,
    names_credential,
)
from scanner.analyzers.lines import LineIndex
from scanner.analyzers.python.module import Facts, name_of
from scanner.model import Detection, FileKind, Location
from scanner.registry import SEC005


def detect(facts: Facts) -> Iterator[Detection]:
    thresholds = facts.params(SEC005)
    places = _Places(facts)
    for name, node in _named_literals(facts):
        text = _text(node)
        header = name.lower() == "authorization"
        if text is None or not (header or is_secret_name(name)):
            continue
        found = authorization_credential(text) if header else (0, len(text))
        credential = text[found[0] : found[1]] if found is not None else ""
        named = header or names_credential(name)
        if found is None or not is_credential_text(
            credential, thresholds, FileKind.PYTHON, named=named
        ):
            continue
        where, span = places.of(name, node)
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


class _Places:
    """Where a reported literal is, found by its text after its name.

    libcst's positions regenerate the code of the whole enclosing statement
    (a class, a settings dict), which costs more than the rest of the family;
    the text says it faster. The n-th literal met under one name and spelling
    is the n-th place the text spells them so (stores, then calls, then dicts,
    each in source order); when the text spells them fewer or more times than
    that (a copy in a comment), libcst places them.
    """

    def __init__(self, facts: Facts) -> None:
        self.facts = facts
        self.seen: dict[tuple[str, str], int] = {}
        self._index: LineIndex | None = None
        self._counts: dict[tuple[str, str], int] | None = None

    def of(self, name: str, node: cst.SimpleString) -> tuple[Location, Location]:
        """The literal's place, and the place of its characters between the quotes."""
        key = (name, node.value)
        nth = self.seen[key] = self.seen.get(key, -1) + 1
        spelled = re.compile(
            rf"""(?<![\w-]){re.escape(name)}['"]?\]?[ \t]*(?::[^=\n]*?)?[:=][ \t]*"""
            rf"(?P<literal>{re.escape(node.value)})"
        )
        starts = [m.start("literal") for m in spelled.finditer(self.facts.source)]
        if len(starts) != self._count(key):
            return self.facts.location(node), self.facts.string_span(node)
        if self._index is None:
            self._index = LineIndex.of(self.facts.source)
        first, end = starts[nth], starts[nth] + len(node.value)
        opening = len(node.prefix) + len(node.quote)
        return (
            self._index.location(first, end),
            self._index.location(first + opening, end - len(node.quote)),
        )

    def _count(self, key: tuple[str, str]) -> int:
        """How many named literals the module has under this name and spelling."""
        if self._counts is None:
            self._counts = {}
            for name, node in _named_literals(self.facts):
                self._counts[(name, node.value)] = self._counts.get((name, node.value), 0) + 1
        return self._counts.get(key, 0)


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


def _text(node: cst.SimpleString) -> str | None:
    value = node.evaluated_value
    if isinstance(value, bytes):
        return value.decode("utf-8", "surrogateescape")
    return value if isinstance(value, str) else None
