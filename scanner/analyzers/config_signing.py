"""Config settings that hold an HMAC or JWT signing key, and how weak a key is.

A setting is a signing key when its name says so (`JWT_SECRET`,
`jwt.secret`, `app.jwtSecret`, `SIGNING_KEY`, `HMAC_KEY`, `WEBHOOK_SECRET`,
`SESSION_SECRET`, a framework's `SECRET_KEY`), judged on the last three keys
of its path so `security: {jwt: {token: {secret-key: ...}}}` counts; a key's
own name that says public, private, certificate, id or file is left alone.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence

from scanner.analyzers.config_formats import Setting
from scanner.analyzers.config_tokens import KeyName
from scanner.analyzers.credentials import is_dummy_value

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
MIN_KEY_BYTES = {"HS256": 32, "HS384": 48, "HS512": 64}  # RFC 7518 section 3.2


def is_signing_key(name: KeyName) -> bool:
    """`JWT_SECRET`, `jwt.secret`, `app.jwtSecret`, `SIGNING_KEY`, `WEBHOOK_SECRET`, `SECRET_KEY`."""
    if NOT_SIGNING.search("_".join(name.own)):
        return False
    return bool(SIGNING_KEY.search(name.joined(3)))


def names_asymmetric_key(name: KeyName) -> bool:
    """`JWT_PUBLIC_KEY`, `SIGNER_PRIVATE_KEY`, `AUTH_CERT`: never a shared HMAC secret."""
    return ASYMMETRIC_NAME.search("_".join(name.own)) is not None


Algorithms = Mapping[tuple[str, ...], Sequence[tuple[frozenset[str], int]]]


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
