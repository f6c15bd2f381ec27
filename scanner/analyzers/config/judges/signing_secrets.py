"""HMAC001 and HMAC002 in config files: settings that hold an HMAC or JWT signing key, and how weak.

A setting is a signing key when its name says so (`JWT_SECRET`,
`jwt.secret`, `app.jwtSecret`, `SIGNING_KEY`, `HMAC_KEY`, `WEBHOOK_SECRET`,
`SESSION_SECRET`, a framework's `SECRET_KEY`), judged on the last three keys
of its path so `security: {jwt: {token: {secret-key: ...}}}` counts; a key's
own name that says public, private, certificate, id or file is left alone.

A key is HMAC002 when weak or short, HMAC001 when hardcoded, never SEC001
too. Any environment variable, whatever its name, is also offered as the
HMAC001/HMAC002 it would be as a signing key, which stands only if code
reads it as one (`scanner/linking.py`).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Sequence
from functools import partial

from scanner import masking
from scanner.analyzers.config.judges.file_facts import (
    NOT_KEYS,
    NOT_VALUES,
    Algorithms,
    FileFacts,
    Value,
    display,
)
from scanner.analyzers.config.key_names import KeyName
from scanner.analyzers.config.setting import Setting
from scanner.analyzers.credentials import (
    is_dummy_value,
    is_store_reference,
    is_template_fragment,
)
from scanner.analyzers.placeholders import is_public_key
from scanner.model import Detection, Location
from scanner.registry import HMAC001, HMAC002, RuleEntry

SIGNING_KEY = re.compile(
    r"(?:^|_)(?:jwt(?:_[a-z0-9]+)*?_(?:secret|key|secret_key|signing_key|signing_secret)"
    r"|(?:access|refresh|id|auth)?_?token_secret(?:_key)?"
    r"|signing_(?:key|secret)|hmac_(?:key|secret)(?:_key)?|webhook_(?:signing_)?secret"
    r"|(?:session|cookie)_secret(?:_key)?|secret_key_base|nextauth_secret)$"
    r"|^(?:(?:django|flask|app|rails|session)_)?secret_key$"
)
_ASYMMETRIC_WORDS = r"public|pub|private|cert|certificate"
ASYMMETRIC_NAME = re.compile(rf"(?:^|_)(?:{_ASYMMETRIC_WORDS})(?:_|$)")
NOT_SIGNING = re.compile(
    rf"(?:^|_)(?:{_ASYMMETRIC_WORDS}|kid|id|file|path|url|uri|location|name|env)(?:_|$)"
)
# Kong's `consumers[].jwt_secrets[].key` is the credential's id (matched against `iss`), not a key.
_CREDENTIAL_IDS = frozenset({(("jwt", "secrets"), ("key",))})
MIN_KEY_BYTES = {"HS256": 32, "HS384": 48, "HS512": 64}  # RFC 7518 section 3.2


def is_signing_key(name: KeyName) -> bool:
    """`JWT_SECRET`, `jwt.secret`, `app.jwtSecret`, `SIGNING_KEY`, `WEBHOOK_SECRET`, `SECRET_KEY`."""
    if NOT_SIGNING.search("_".join(name.own)) or name.parts[-2:] in _CREDENTIAL_IDS:
        return False
    return bool(SIGNING_KEY.search(name.joined(3)))


def names_asymmetric_key(name: KeyName) -> bool:
    """`JWT_PUBLIC_KEY`, `SIGNER_PRIVATE_KEY`, `AUTH_CERT`: never a shared HMAC secret."""
    return ASYMMETRIC_NAME.search("_".join(name.own)) is not None


def algorithms(document: Sequence[Setting]) -> Algorithms:
    """HS algorithms set in a document, by parent path: (the name's other words, key bytes)."""
    found: dict[tuple[str, ...], list[tuple[frozenset[str], int]]] = {}
    for setting in document:
        words = KeyName.of(setting.path).own
        size = MIN_KEY_BYTES.get(setting.value.strip().upper())
        if size and words and words[-1] in ("alg", "algorithm"):
            found.setdefault(setting.path[:-1], []).append((frozenset(words[:-1]), size))
    return found


def required_bytes(setting: Setting, known: Algorithms) -> int:
    """The key length an HS algorithm set next to the key needs (`JWT_ALGORITHM=HS512`).

    The algorithm counts when it sits under the same parent and its name's
    other words are all in the key's name: `JWT_ALGORITHM` speaks for
    `JWT_SECRET`, not for a Django `SECRET_KEY` in the same `.env`.
    """
    own = set(KeyName.of(setting.path).own)
    sizes = [size for words, size in known.get(setting.path[:-1], ()) if words <= own]
    return max(sizes, default=0)


def weak_reason(text: str, weak_values: Collection[str], needed: int) -> str | None:
    """Why a key is weak (a wordlist value, a placeholder, too short), or None."""
    if text.lower() in {v.lower() for v in weak_values}:
        return "a well-known value"
    if is_dummy_value(text):
        return "a placeholder value"
    size = len(text.encode("utf-8", "surrogateescape"))
    if size < needed:
        return f"{size} bytes, under the {needed} bytes its algorithm needs"
    return None


def by_name(value: Value, facts: FileFacts) -> Iterator[Detection] | None:
    """The judgement of a setting whose name says signing key; None for any other name."""
    if not is_signing_key(value.name):
        return None
    return signing_key(value.setting, value.text, value.where, facts)


def signing_key(
    setting: Setting, text: str, where: Location, facts: FileFacts, if_linked: bool = False
) -> Iterator[Detection]:
    stripped = text.strip()
    if (
        is_public_key(stripped)
        or "-----BEGIN" in stripped
        or is_template_fragment(stripped)
        or is_store_reference(stripped)
    ):
        return
    keys = facts.context.params(HMAC002)
    needed = required_bytes(setting, facts.algorithms) or keys.default_min_bytes
    weak = weak_reason(stripped, keys.weak_values, needed)
    if weak is None and (NOT_VALUES.match(stripped) or stripped.startswith(NOT_KEYS)):
        return
    if facts.example and weak is not None and not weak.endswith("needs"):
        return  # `changeme` in `.env.example` is there to be replaced
    setting_name = display(setting.path)
    variable = facts.variable(setting)
    found = partial(
        RuleEntry.detect,
        evidence=masking.evidence(stripped),
        secret_spans=(where,),
        setting=variable,
        if_signing_key=if_linked,
    )
    if weak is not None:
        yield found(HMAC002, where, {"setting": setting_name, "reason": weak})
        if not weak.endswith("needs"):
            return
    yield found(HMAC001, where, {"api": setting_name})
    if not variable:
        return
    # Too short for HS384/HS512 or HMAC-SHA512, should the code that reads it use those.
    size = len(stripped.encode("utf-8", "surrogateescape"))
    for stronger in sorted({n for n in MIN_KEY_BYTES.values() if n > max(needed, size)}):
        reason = f"{size} bytes, under the {stronger} bytes its algorithm needs"
        fields = {"setting": setting_name, "reason": reason}
        yield found(HMAC002, where, fields, if_signing_key=True, if_key_needs=stronger)


def if_signing_key(
    setting: Setting, text: str, where: Location, facts: FileFacts
) -> Iterator[Detection]:
    """What `signing_key` would report, should scanned code read this variable as a key.

    Offered for every variable of an environment, whatever its name, but
    not for names that say public, private or certificate, nor for values
    that are paths, URLs, numbers or booleans.
    """
    stripped = text.strip()
    if (
        not facts.variable(setting)
        or names_asymmetric_key(KeyName.of(setting.path))
        or NOT_VALUES.match(stripped)
        or stripped.startswith(NOT_KEYS)
    ):
        return
    yield from signing_key(setting, text, where, facts, if_linked=True)
