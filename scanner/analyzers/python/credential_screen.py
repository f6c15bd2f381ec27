"""Whether a module may assign a credential a literal: SEC005's screen before any parse.

Many modules spell `password` or `token`; few assign one a quoted literal.
The screen finds each credential word (one Aho-Corasick pass), reads the
name around it and what follows, and keeps the module only when that is a
name SEC001 would call secret given a quoted value the rule would report
under the scan's thresholds (`name = "..."`, `name: str = "..."`,
`f(name="...")`, `{"name": "..."}`, `x["name"] = "..."`). No libcst here: a
module the screen drops is never parsed for this family.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from ahocorasick_rs import AhoCorasick

from scanner.analyzers.config.judges.literal_credentials import is_credential_text
from scanner.analyzers.credentials import (
    authorization_credential,
    is_secret_name,
    names_credential,
)
from scanner.registry import SEC005, CredentialThresholds

# Lower-case words of which a credential name holds one (`credentials.SECRET_NAME`).
# `pass` and `auth` count only as a name's last word (`DB_PASS`, `"basic-auth"`): alone they
# would find every `pass` statement and `author`. A camelCase `dbPass` is not screened in.
WORDS = (
    "passw",
    "pwd",
    "_pass",
    "-pass",
    "pass'",
    'pass"',
    "secret",
    "token",
    "api_key",
    "apikey",
    "api-key",
    "access_key",
    "accesskey",
    "private_key",
    "privatekey",
    "credential",
    "_auth",
    "-auth",
    "auth'",
    'auth"',
    "authorization",
)
_AUTOMATON = AhoCorasick(WORDS)
# After the word: the rest of the name, a closing quote or bracket, an annotation, `=` or
# `:`, and a quoted value on the same line (escapes kept as written).
_ASSIGNED = re.compile(
    r"""[\w\-]*(?P<close>['"]?\]?)[ \t]*(?::[^\n=:'"]*)?[:=][ \t]*[rbuRBU]{0,2}"""
    r"""(?P<quote>['"])(?P<value>(?:\\.|(?!(?P=quote))[^\n\\])+)(?P=quote)"""
)


def assigns_literal(text: str, parameters: Mapping[str, object]) -> bool:
    """True when a credential name in `text` is given a quoted value SEC005 would report."""
    thresholds = SEC005.parameters_in(parameters)
    for _, start, end in _AUTOMATON.find_matches_as_indexes(text.lower()):
        assigned = _ASSIGNED.match(text, end)
        if assigned is None:
            continue
        begin = start
        while begin > 0 and (text[begin - 1].isalnum() or text[begin - 1] in "_-"):
            begin -= 1
        name = text[begin : assigned.start("close")]
        value = assigned["value"]
        if _worth_parsing(name, value, thresholds):
            return True
    return False


def _worth_parsing(name: str, value: str, thresholds: CredentialThresholds) -> bool:
    if name.lower() == "authorization":
        found = authorization_credential(value)
        credential = value[found[0] : found[1]] if found is not None else ""
        return found is not None and is_credential_text(credential, thresholds, named=True)
    named = names_credential(name)
    return is_secret_name(name) and is_credential_text(value, thresholds, named=named)
