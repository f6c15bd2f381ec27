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
from scanner.analyzers.python.module import Facts, subscript_key
from scanner.model import Detection, Location
from scanner.registry import SEC005


def detect(facts: Facts) -> Iterator[Detection]:
    thresholds = facts.params(SEC005)
    for name, node in _named_literals(facts):
        text = _text(node)
        if text is None:
            continue
        span = facts.string_span(node)
        if name.lower() == "authorization":
            found = authorization_credential(text)
            if found is None or span.line != span.end_line:
                continue
            text = text[found[0] : found[1]]
            span = Location(span.line, span.column + found[0], span.line, span.column + found[1])
        elif not is_secret_name(name):
            continue
        if not is_credential_text(text, thresholds):
            continue
        yield SEC005.detect(
            facts.location(node),
            {"name": name},
            evidence=masking.evidence(text.strip()),
            secret_spans=(span,),
        )


def _named_literals(facts: Facts) -> Iterator[tuple[str, cst.SimpleString]]:
    """(name, literal) for each string literal given a name: stores, keywords, dict keys."""
    for store in facts.stores:
        name = _target_name(store.target)
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


def _target_name(target: cst.BaseExpression) -> str | None:
    """`NAME`, `obj.NAME`, `obj["NAME"]`: the name an assignment target gives its value."""
    if isinstance(target, cst.Name):
        return target.value
    if isinstance(target, cst.Attribute):
        return target.attr.value
    if isinstance(target, cst.Subscript):
        return subscript_key(target)
    return None


def _text(node: cst.SimpleString) -> str | None:
    value = node.evaluated_value
    if isinstance(value, bytes):
        return value.decode("utf-8", "surrogateescape")
    return value if isinstance(value, str) else None
