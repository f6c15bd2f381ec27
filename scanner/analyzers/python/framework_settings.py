"""Settings read by Flask, Flask-JWT-Extended, Django, SimpleJWT and FastAPI/pydantic apps.

A setting is a module or class constant (`SECRET_KEY = ...`, pydantic field
defaults), a config item (`app.config["JWT_SECRET_KEY"] = ...`,
`app.config.update(...)`, `from_mapping(...)`, Django's `settings.configure(...)`,
with keywords or a mapping spelled there or built above, as a dict literal or
`dict(...)`), an attribute
of the Flask app that stands for one (`app.secret_key`, `current_app.secret_key`)
or an entry of a settings dict (`SIMPLE_JWT = {...}`). Each is judged by what
its name says it holds: a signing key (HMAC001/002), a token lifetime
(JWT007), a leeway (JWT008), a decode allow-list (JWT003), or SimpleJWT's
audience and issuer (JWT004/005). A literal key is reported once, where it is
written, with each setting it reaches elsewhere as a related location.

A `SIMPLE_JWT` dict that names its issuer also states what every view of the
project checks of that issuer's tokens (`TokenValidation`), for TOK002 to
compare with the issuer's other validators.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta

import libcst as cst

from scanner.analyzers.python import tokens
from scanner.analyzers.python.library import (
    CONFIG_UPDATES,
    FLASK_APP_SETTINGS,
    FLASK_APPS,
    MIN_KEY_BYTES,
    SETTINGS_CALLS,
    is_asymmetric,
)
from scanner.analyzers.python.minting import lifetime_findings, never_expires
from scanner.analyzers.python.module import Chain, Facts, subscript_key
from scanner.analyzers.python.settings_reads import named_read
from scanner.analyzers.python.signing_keys import KeyLiteral, judge, key_literal, key_use
from scanner.analyzers.python.values import Known, plain, seconds
from scanner.model import Detection, KeyUse, Related, TokenValidation
from scanner.registry import JWT003, JWT004, JWT005

SIGNING_KEY = re.compile(
    r"^(?:\w+_)?(?:signing_key|signing_secret|hmac_key|hmac_secret|webhook_secret|jwt_secret"
    r"|jwt_secret_key|jwt_signing_key|jwt_key)$"
    r"|^(?:(?:django|flask|app|session|auth|token)_)?(?:secret_key|session_secret)$",
    re.IGNORECASE,
)
LIFETIME = re.compile(
    r"^(?:\w+_)?token_(?:refresh_)?"
    r"(?:expire|expires|expiry|expiration|lifetime|ttl)"
    r"(?:_(?P<unit>seconds|minutes|hours|days|delta))?$",
    re.IGNORECASE,
)
LEEWAY = re.compile(r"^(?:JWT_DECODE_LEEWAY|JWT_LEEWAY|LEEWAY)$")
DECODE_ALGORITHMS = frozenset({"JWT_DECODE_ALGORITHMS", "JWT_ALGORITHMS"})
_UNITS = {"seconds": 1, "minutes": 60, "hours": 3600, "days": 86400}
_INT_MEANS_SECONDS = frozenset({"JWT_ACCESS_TOKEN_EXPIRES", "JWT_REFRESH_TOKEN_EXPIRES"})
_MAX_HOPS = 4  # names followed from a config call back to the mapping it is given
_UNKNOWN = object()  # a SimpleJWT entry whose value the scan cannot know
_CHANGES_A_DICT = frozenset({"update", "setdefault", "pop", "popitem", "clear"})


@dataclass(frozen=True, slots=True)
class Setting:
    name: str
    value: cst.BaseExpression
    node: cst.CSTNode  # where a finding about it points
    chain: Chain
    group: cst.Dict | None = None  # the settings dict it belongs to, if any


@dataclass(slots=True)
class _Key:
    """A literal key and the settings it is given to."""

    literal: KeyLiteral
    required: int
    settings: list[Setting]


def detect(facts: Facts) -> Iterator[Detection | KeyUse | TokenValidation]:
    keys: dict[int, _Key] = {}
    for setting in settings(facts):
        yield from _judge(setting, facts, keys)
        if setting.name == "SIMPLE_JWT" and isinstance(setting.value, cst.Dict):
            validation = _simplejwt_validation(setting.value, setting, facts)
            if validation is not None:
                yield validation
    for key in keys.values():
        line = facts.location(key.literal.origin).line
        related = tuple(
            sorted(
                (
                    Related(facts.relpath, facts.location(s.node), f"set as {s.name}")
                    for s in key.settings
                    if facts.location(s.node).line != line
                ),
                key=lambda r: r.location,
            )
        )
        yield from judge(facts, key.literal, key.settings[0].name, key.required, related)


def settings(facts: Facts) -> Iterator[Setting]:
    seen: set[tuple[str, int]] = set()  # a module dict passed to `config.update` is met twice
    for setting in _settings(facts):
        if (setting.name, id(setting.node)) not in seen:
            seen.add((setting.name, id(setting.node)))
            yield setting


def _settings(facts: Facts) -> Iterator[Setting]:
    for store in facts.stores:
        target = store.target
        at_top = isinstance(store.chain[0], (cst.Module, cst.ClassDef))
        if isinstance(target, cst.Name) and at_top:
            yield Setting(target.value, store.value, store.statement, store.chain)
            if isinstance(store.value, cst.Dict):
                yield from _dict_entries(store.value, facts, store.chain)
        elif isinstance(target, cst.Subscript):
            name = subscript_key(target)
            if name is not None and name.isupper():
                yield Setting(name, store.value, store.statement, store.chain)
        elif isinstance(target, cst.Attribute):
            name = _app_setting(target, facts, store.chain)
            if name is not None:
                yield Setting(name, store.value, store.statement, store.chain)
    for site in facts.every_call:
        if not (_is_config_update(site.node.func) or site.names & SETTINGS_CALLS):
            continue
        for arg in site.node.args:
            if arg.keyword is not None and arg.keyword.value.isupper():
                yield Setting(arg.keyword.value, arg.value, arg, site.chain)
            elif arg.keyword is None and arg.star != "*":
                yield from _mapping_entries(arg.value, facts, site.chain)


def _is_config_update(func: cst.BaseExpression) -> bool:
    """`app.config.update(...)` and the like: a settings method of something named config."""
    return (
        isinstance(func, cst.Attribute)
        and func.attr.value in CONFIG_UPDATES
        and "config" in tokens.words(func.value)
    )


def _app_setting(target: cst.Attribute, facts: Facts, chain: Chain) -> str | None:
    """`SECRET_KEY` for `app.secret_key` when `app` is the Flask app, else None."""
    name = FLASK_APP_SETTINGS.get(target.attr.value)
    if name is None or not facts.qualify_in(target.value, chain) & FLASK_APPS:
        return None
    return name


def _mapping_entries(
    node: cst.BaseExpression, facts: Facts, chain: Chain, hops: int = 0
) -> Iterator[Setting]:
    """Settings of a mapping handed to a config call: `{...}`, `dict(...)`, or a name bound once."""
    if isinstance(node, cst.Dict):
        yield from _dict_entries(node, facts, chain)
    elif isinstance(node, cst.Call) and _is_dict_call(node, facts, chain):
        for arg in node.args:
            if arg.keyword is not None and arg.keyword.value.isupper():
                yield Setting(arg.keyword.value, arg.value, arg, chain)
            elif arg.keyword is None and arg.star != "*":
                yield from _mapping_entries(arg.value, facts, chain, hops)
    elif isinstance(node, cst.Name) and hops < _MAX_HOPS:
        assigned = facts.assigned(node.value, chain)
        if len(assigned) == 1:
            yield from _mapping_entries(assigned[0], facts, chain, hops + 1)


def _is_dict_call(node: cst.Call, facts: Facts, chain: Chain) -> bool:
    func = node.func
    return isinstance(func, cst.Name) and func.value == "dict" and facts.is_builtin(func, chain)


def _dict_entries(node: cst.Dict, facts: Facts, chain: Chain) -> Iterator[Setting]:
    for element in node.elements:
        if isinstance(element, cst.DictElement) and isinstance(element.key, cst.SimpleString):
            key = element.key.evaluated_value
            if isinstance(key, str) and key.isupper():
                yield Setting(key, element.value, element, chain, group=node)


def _judge(setting: Setting, facts: Facts, keys: dict[int, _Key]) -> Iterator[Detection | KeyUse]:
    name = setting.name
    if SIGNING_KEY.match(name):
        algorithm = _algorithm(setting, facts)
        required = MIN_KEY_BYTES.get(algorithm.upper(), 0)
        if not is_asymmetric(algorithm):  # SimpleJWT with RS256 signs with a private key
            yield from key_use(
                setting.value, facts, setting.chain, name, setting.node, True, required
            )
        literal = key_literal(setting.value, facts, setting.chain)
        if literal is not None:
            key = keys.setdefault(id(literal.origin), _Key(literal, required, []))
            key.settings.append(setting)
            key.required = max(key.required, required)
        return
    lifetime = LIFETIME.match(name)
    if lifetime is not None:
        yield from _lifetime(setting, facts, lifetime)
        return
    if LEEWAY.match(name) and (name != "LEEWAY" or setting.group is not None):
        value = facts.value(setting.value, setting.chain)
        amount = seconds(value.value) if isinstance(value, Known) else None
        yield from tokens.leeway_findings(facts, setting.node, name, amount)
        return
    if name in DECODE_ALGORITHMS:
        reason = tokens.confusion(facts.value(setting.value, setting.chain))
        if reason is not None:
            yield JWT003.detect(facts.location(setting.node), {"api": name, "reason": reason})
        return
    if name in ("AUDIENCE", "ISSUER") and setting.group is not None:
        yield from _simplejwt_claim(setting, facts)


def _algorithm(setting: Setting, facts: Facts) -> str:
    """SimpleJWT's ALGORITHM in the same dict: what SIGNING_KEY is and how long it must be."""
    if setting.group is None:
        return ""
    algorithm = _sibling(setting.group, "ALGORITHM", facts, setting.chain)
    return algorithm if isinstance(algorithm, str) else ""


def _sibling(group: cst.Dict, key: str, facts: Facts, chain: Chain) -> object:
    entry = _entry(group, key)
    return None if entry is None else plain(facts.value(entry, chain))


def _entry(group: cst.Dict, key: str) -> cst.BaseExpression | None:
    for element in group.elements:
        if (
            isinstance(element, cst.DictElement)
            and isinstance(element.key, cst.SimpleString)
            and element.key.evaluated_value == key
        ):
            return element.value
    return None


def _simplejwt_validation(
    group: cst.Dict, setting: Setting, facts: Facts
) -> TokenValidation | None:
    """What SimpleJWT checks, by its settings and its defaults where they are left out.

    Its defaults: no audience and no leeway, HS256, and a token without `exp`
    refused (`Token.check_exp`). An entry read at run time is not known, nor
    is one left out of a dict that spreads another (`**BASE`); a dict changed
    after it is written (`SIMPLE_JWT["AUDIENCE"] = ...`, `.update(...)`)
    states nothing.
    """
    written = _entry(group, "ISSUER")
    if written is None or _changed_later(setting.name, facts):
        return None
    issuer = _sibling(group, "ISSUER", facts, setting.chain)
    if not (isinstance(issuer, str) and issuer):
        read = named_read(written, facts, setting.chain)
        if read is None:
            return None
        issuer = f"${read.name}"
    complete = not any(isinstance(e, cst.StarredDictElement) for e in group.elements)

    def entry(key: str, default: object) -> object:
        if _entry(group, key) is not None:
            return _sibling(group, key, facts, setting.chain)
        return default if complete else _UNKNOWN

    audience = entry("AUDIENCE", None)
    algorithm = entry("ALGORITHM", "HS256")
    return TokenValidation(
        issuer=issuer,
        api="SIMPLE_JWT",
        location=facts.location(setting.node),
        audience=(
            False
            if audience is None
            else True
            if isinstance(audience, (str, list, tuple)) and audience
            else None
        ),
        issuer_checked=True,
        expiry_checked=True,
        expiry_required=True,
        leeway_seconds=None if (amount := seconds(entry("LEEWAY", 0))) is None else int(amount),
        algorithms=(algorithm,) if isinstance(algorithm, str) else (),
    )


def _changed_later(name: str, facts: Facts) -> bool:
    """An entry of the dict `name` stored, or a method that changes it called, in the module."""
    stores = (
        store.target
        for store in facts.stores
        if isinstance(store.target, (cst.Subscript, cst.Attribute))
    )
    calls = (
        site.node.func
        for site in facts.every_call
        if isinstance(site.node.func, cst.Attribute)
        and site.node.func.attr.value in _CHANGES_A_DICT
    )
    return any(
        isinstance(node, (cst.Subscript, cst.Attribute))
        and isinstance(node.value, cst.Name)
        and node.value.value == name
        for node in (*stores, *calls)
    )


def _lifetime(setting: Setting, facts: Facts, match: re.Match[str]) -> Iterator[Detection]:
    value = facts.value(setting.value, setting.chain)
    if not isinstance(value, Known):
        return
    refresh = "refresh" in setting.name.lower()
    if value.value is False or (value.value is None and setting.name in _INT_MEANS_SECONDS):
        yield never_expires(facts, setting.node, setting.name)
        return
    amount = seconds(value.value)
    if amount is None:
        return
    unit = (match.group("unit") or "").lower()
    if isinstance(value.value, timedelta):
        pass
    elif unit in _UNITS:
        amount *= _UNITS[unit]
    elif setting.name not in _INT_MEANS_SECONDS:
        return  # a bare number with no unit in its name: seconds or minutes, nobody knows
    yield from lifetime_findings(facts, setting.node, setting.name, amount, refresh)


def _simplejwt_claim(setting: Setting, facts: Facts) -> Iterator[Detection]:
    value = facts.value(setting.value, setting.chain)
    if not (isinstance(value, Known) and value.value is None) or setting.group is None:
        return
    algorithm = _sibling(setting.group, "ALGORITHM", facts, setting.chain)
    external = _sibling(setting.group, "JWK_URL", facts, setting.chain) is not None or (
        isinstance(algorithm, str) and is_asymmetric(algorithm)
    )
    if not external:
        return
    rule, claim = (JWT004, "audience") if setting.name == "AUDIENCE" else (JWT005, "issuer")
    yield rule.detect(
        facts.location(setting.node),
        {"api": "SIMPLE_JWT", "reason": f"{setting.name} is None, so the {claim} is never checked"},
    )
