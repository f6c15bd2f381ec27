"""Calls that send a token to its own issuer, to be judged or exchanged: not passthrough.

The issuer's token, introspection (RFC 7662), revocation (RFC 7009) and OIDC
userinfo endpoints are known by the URL's path (`/introspect`, `/revoke`,
`/userinfo`, `/token`, `/protocol/openid-connect/`, `/oauth2/`) or by the
name of the setting or variable holding the URL (`INTROSPECTION_URL`,
`token_endpoint`); a token exchange (RFC 8693) or assertion grant (RFC 7523)
by its form (`subject_token`, `assertion`, a `grant_type` naming
`token-exchange` or `jwt-bearer`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import libcst as cst

from scanner.analyzers.python.library import SINKS
from scanner.analyzers.python.module import Chain, Facts, argument_node
from scanner.analyzers.python.values import Known
from scanner.analyzers.python.walk import nodes

# The issuer's own endpoints, which a token is sent to for it to judge (RFC 7662, 7009, OIDC).
ISSUER_PATH = re.compile(
    r"/(?:introspect\w*|revoke|revocation|userinfo|tokeninfo|token)(?:[/?]|$)"
    r"|/protocol/openid-connect/|/oauth2?/",
    re.IGNORECASE,
)
ISSUER_NAME = re.compile(
    r"introspect|revoke|revocation|userinfo|user_info|tokeninfo|token_info"
    r"|token_?(?:ur[il]|endpoint)",
    re.IGNORECASE,
)
# Form fields and grants of a token exchange (RFC 8693) or an assertion grant (RFC 7523).
EXCHANGE_FIELDS = frozenset({"subject_token", "actor_token", "assertion"})
EXCHANGE_GRANTS = ("token-exchange", "jwt-bearer")
FORM_KEYWORDS = ("data", "json", "params", "content", "body", "fields")


def goes_to_issuer(facts: Facts, call: cst.Call, chain: Chain) -> bool:
    """The call goes to the issuer's own endpoints, or exchanges the token there."""
    for name in sorted(facts.qualify_in(call.func, chain)):
        sink = SINKS.get(name)
        url = argument_node(call, sink.slot) if sink is not None else None
        if url is not None and _names_issuer_endpoint(facts, url, chain):
            return True
    return any(
        _is_exchange_form(facts, arg.value, chain)
        for arg in call.args
        if arg.keyword is not None and arg.keyword.value in FORM_KEYWORDS
    )


def _names_issuer_endpoint(facts: Facts, url: cst.BaseExpression, chain: Chain) -> bool:
    for text, literal in _spelling(facts, url, chain):
        if (ISSUER_PATH if literal else ISSUER_NAME).search(text):
            return True
    return False


def _spelling(
    facts: Facts, node: cst.BaseExpression, chain: Chain, depth: int = 0
) -> Iterator[tuple[str, bool]]:
    """The URL's literal text and the names it is built from, through local names."""
    for child in nodes(node):
        if isinstance(child, cst.SimpleString) and isinstance(child.evaluated_value, str):
            yield child.evaluated_value, True
        elif isinstance(child, cst.FormattedStringText):
            yield child.value, True
        elif isinstance(child, cst.Name):
            yield child.value, False
            if depth < 2:
                for value in facts.assigned(child.value, chain):
                    yield from _spelling(facts, value, chain, depth + 1)


def _is_exchange_form(facts: Facts, node: cst.BaseExpression, chain: Chain) -> bool:
    for value in (node, *_assigned(facts, node, chain)):
        if not isinstance(value, cst.Dict):
            continue
        for element in value.elements:
            if not isinstance(element, cst.DictElement):
                continue
            key = facts.value(element.key, chain)
            text = key.value if isinstance(key, Known) else None
            if text in EXCHANGE_FIELDS:
                return True
            if text == "grant_type" and any(
                grant in literal
                for literal, _ in _spelling(facts, element.value, chain)
                for grant in EXCHANGE_GRANTS
            ):
                return True
    return False


def _assigned(
    facts: Facts, node: cst.BaseExpression, chain: Chain
) -> tuple[cst.BaseExpression, ...]:
    return facts.assigned(node.value, chain) if isinstance(node, cst.Name) else ()
