"""The config rules, one module per family, and the order in which they claim a setting.

A setting is judged by what its name says it holds, and only one family's
name test wins: a signing key (HMAC001/HMAC002, `signing_secrets`), a token
lifetime (JWT007) or leeway (JWT008, `token_lifetimes`), any other
credential (SEC001, `literal_credentials`). A setting no name claims may
still hold a password in a URL, or be an environment variable that code
reads as a key. Whatever the name, a plain-http key or token endpoint is
JWT010 (`key_endpoints`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from scanner.analyzers.config.gate import might_matter
from scanner.analyzers.config.judges import (
    key_endpoints,
    literal_credentials,
    signing_secrets,
    token_lifetimes,
)
from scanner.analyzers.config.judges.file_facts import FileFacts, Value
from scanner.analyzers.config.key_names import KeyName
from scanner.analyzers.config.setting import Declared, Setting
from scanner.model import Detection

# A family's name test: its judgement when the name is one it judges, else None.
NameJudge = Callable[[Value, FileFacts], Iterator[Detection] | None]

# The first family whose name test claims a setting judges it.
BY_NAME: tuple[NameJudge, ...] = (
    signing_secrets.by_name,
    token_lifetimes.lifetime_by_name,
    token_lifetimes.leeway_by_name,
    literal_credentials.by_name,
)
_ENCRYPTED_KEYS = frozenset({"encrypted", "ciphertext", "sealed"})


def judge(setting: Setting, facts: FileFacts) -> Iterator[Detection]:
    plain = setting.declared is Declared.PLAIN
    if plain and not might_matter(setting.path, setting.value):
        # Only a variable can matter now, by being read as a key: most keys of a TOML or INI
        # file are none, and are not worth a look at their values.
        if facts.variable(setting) and (literal := facts.literal(setting)) is not None:
            yield from signing_secrets.if_signing_key(setting, *literal, facts)
        return
    literal = facts.literal(setting)
    if literal is None:
        return
    name = KeyName.of(setting.path)
    if _ENCRYPTED_KEYS & set(name.last(4)):
        return  # SealedSecret `encryptedData`, `ciphertext`: safe to commit by design
    value = Value(setting, *literal, name)
    if setting.declared is Declared.PASSWORD_HASH:
        yield from literal_credentials.stored_password(setting, facts)
    elif setting.declared is Declared.SENSITIVE:
        yield from literal_credentials.sensitive(value, facts)
    elif not plain:
        yield from literal_credentials.kubernetes_secret(setting, name, facts)
    else:
        claimed = (found for by_name in BY_NAME if (found := by_name(value, facts)) is not None)
        yield from next(claimed, None) or literal_credentials.unnamed(value, facts)
    yield from key_endpoints.endpoint(value)
