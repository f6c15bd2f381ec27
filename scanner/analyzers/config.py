"""Secrets and token settings in config files: YAML, JSON, TOML, `.env`, `.properties`/`.ini`, Dockerfile.

Each file is parsed by its own format's rules (see `config_formats`,
`config_toml`, `config_json`, `config_tree`) into settings: a key path, the
value as the application reads it, and where the value's characters are.
Each setting is then judged by what its name says it holds:

- a signing key (`JWT_SECRET`, `jwt.secret`, `SIGNING_KEY`, `WEBHOOK_SECRET`):
  HMAC002 when weak or short, HMAC001 when hardcoded, never SEC001 too;
- a token lifetime (JWT007), a clock-skew leeway (JWT008), a key, issuer or
  token endpoint over plain http (JWT010);
- any other credential (`DB_PASSWORD`, `apiToken`): SEC001 when the value
  looks random; a value of a Kubernetes Secret is a credential whatever its
  key says, and so is the password of a connection URL;
- an environment variable, whatever its name: also the HMAC001/HMAC002 it
  would be as a signing key, which stand only if code reads it as one
  (`scanner/linking.py`).

A reference (`${VAR}`, `{{ .Values.x }}`, `<your-key>`) is no value; a
reference with a default (`${JWT_SECRET:-changeme}`, Spring's
`${JWT_SECRET:changeme}`) is judged on the default, which is a literal.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterator
from functools import partial
from pathlib import PurePosixPath

from scanner import masking
from scanner.analyzers import config_tokens as tokens
from scanner.analyzers.base import Context, Source, Unparsable, contained
from scanner.analyzers.config_formats import (
    Role,
    Setting,
    dockerfile_settings,
    dotenv_settings,
    ini_settings,
    properties_settings,
)
from scanner.analyzers.config_gate import (
    is_environment_entry,
    might_matter,
    might_report,
    worth_reading,
)
from scanner.analyzers.config_json import json_documents
from scanner.analyzers.config_signing import (
    MIN_KEY_BYTES,
    Algorithms,
    algorithms,
    is_signing_key,
    names_asymmetric_key,
    required_bytes,
    weak_reason,
)
from scanner.analyzers.config_toml import toml_settings
from scanner.analyzers.config_tree import line_document, tree_settings, yaml_documents
from scanner.analyzers.credentials import (
    NOT_SECRET_NAME,
    is_dummy_value,
    is_example_file,
    is_not_a_literal,
    is_secret_name,
    is_template_fragment,
    looks_like_secret,
    url_password,
)
from scanner.analyzers.placeholders import is_pem_private_key, is_placeholder, is_public_key
from scanner.analyzers.secret_formats import FORMATS
from scanner.model import Detection, FileKind, Location, Notification, ParamValue

_ENCRYPTED_KEYS = frozenset({"encrypted", "ciphertext", "sealed"})
_DEFAULT = re.compile(
    r"^\$\{(?P<name>[A-Za-z_][A-Za-z0-9_.\-]*)(?P<op>:-|:=|-|=|:)(?P<default>[^}]*)\}$"
)
_SPRING_FILE = re.compile(r"^(?:application|bootstrap)(?:[-.][\w.\-]+)?\.(?:ya?ml|properties)$")
_KNOWN_FORMAT = re.compile("|".join(f"(?:{f.anchor})" for f in FORMATS))
_LOCKFILES = frozenset({"package-lock.json", "npm-shrinkwrap.json"})
_NOT_KEYS = ("/", "./", "~/", "http://", "https://", "file:")
_NOT_VALUES = re.compile(r"^(true|false|yes|no|on|off|null|none|nil|~|-?\d+(\.\d+)?)$", re.I)


class ConfigFiles:
    name = "config"
    kinds = frozenset(
        {
            FileKind.YAML,
            FileKind.JSON,
            FileKind.TOML,
            FileKind.DOTENV,
            FileKind.INI,
            FileKind.DOCKERFILE,
        }
    )
    rules = frozenset({"SEC001", "HMAC001", "HMAC002", "JWT007", "JWT008", "JWT010"})

    def might_report(self, data: bytes, kind: FileKind) -> bool:
        return might_report(data, kind)

    def analyze(self, source: Source, context: Context) -> Iterator[Detection | Notification]:
        if PurePosixPath(source.relpath).name.lower() in _LOCKFILES:
            return
        judge = _Judge(source, context)
        reported: set[tuple[str, Location, str, int]] = set()
        for document in read_documents(source):
            known = algorithms(document)
            for setting in document:
                judged = partial(judge.setting, setting, known)
                line = setting.location.line
                for detection in contained(judged, source, context, "a value", line):
                    if isinstance(detection, Notification):
                        yield detection
                        continue
                    # An aliased YAML value is one place under several names: each may be linked.
                    key = (
                        detection.rule_id,
                        detection.location,
                        detection.setting,
                        detection.if_key_needs,
                    )
                    if key not in reported:
                        reported.add(key)
                        yield detection


def read_documents(source: Source) -> Iterator[list[Setting]]:
    """The file's settings, one list per document (a YAML stream may hold several)."""
    kind = source.kind
    if kind is FileKind.YAML:
        try:
            roots = yaml_documents(source.text, source.index)
        except Unparsable:
            # The file is reported unparsable, and what its lines still say is judged.
            yield list(tree_settings(line_document(source), source.lines, worth_reading))
            raise
        for root in roots:
            yield list(tree_settings(root, source.lines, worth_reading))
    elif kind is FileKind.JSON:
        for root in json_documents(source.text, worth_reading, source.index):
            yield list(tree_settings(root, source.lines, worth_reading))
    elif kind is FileKind.TOML:
        yield list(toml_settings(source.text, source.index))
    elif kind is FileKind.DOTENV:
        yield list(dotenv_settings(source.lines))
    elif kind is FileKind.INI:
        if source.relpath.lower().endswith(".properties"):
            yield list(properties_settings(source.lines))
        else:
            yield list(ini_settings(source.lines))
    elif kind is FileKind.DOCKERFILE:
        yield list(dockerfile_settings(source.lines))


class _Judge:
    """Judges one file's settings against the enabled rules and their parameters."""

    def __init__(self, source: Source, context: Context) -> None:
        self.source = source
        self.context = context
        self.example = is_example_file(source.relpath)
        self.spring = bool(_SPRING_FILE.match(PurePosixPath(source.relpath).name.lower()))
        self.environment_file = source.kind in (FileKind.DOTENV, FileKind.DOCKERFILE)

    def parameter(self, rule_id: str, name: str, default: ParamValue) -> ParamValue:
        return self.context.parameters.get(rule_id, {}).get(name, default)

    def number(self, rule_id: str, name: str, default: float) -> float:
        value = self.parameter(rule_id, name, default)
        return float(value) if isinstance(value, (int, float)) else default

    def setting(self, setting: Setting, known: Algorithms) -> Iterator[Detection]:
        plain = setting.role is Role.PLAIN
        if plain and not might_matter(setting.path, setting.value):
            # Only a variable can matter now, by being read as a key: most keys of a TOML or INI
            # file are none, and are not worth a look at their values.
            if self.variable(setting) and (literal := self.literal(setting)) is not None:
                yield from self.if_signing_key(setting, *literal, known)
            return
        literal = self.literal(setting)
        if literal is None:
            return
        text, where = literal
        name = tokens.KeyName.of(setting.path)
        if _ENCRYPTED_KEYS & set(name.last(4)):
            return  # SealedSecret `encryptedData`, `ciphertext`: safe to commit by design
        if not plain:
            yield from self.kubernetes_secret(setting, name, known)
        elif is_signing_key(name):
            yield from self.signing_key(setting, text, where, known)
        elif (lifetime := tokens.lifetime_key(name)) is not None:
            yield from self.lifetime(setting, name, lifetime, text, where)
        elif (leeway := tokens.leeway_key(name)) is not None:
            yield from self.leeway(setting, leeway[0], text, where)
        elif is_secret_name(setting.key) and self.is_credential(text):
            yield _secret("SEC001", {"key": display(setting.path)}, text, where)
            yield from self.if_signing_key(setting, text, where, known)
        else:
            yield from self.url_password(setting, text, where)
            yield from self.if_signing_key(setting, text, where, known)
        yield from self.endpoint(setting, name, text, where)

    # --- values ---------------------------------------------------------------

    def literal(self, setting: Setting) -> tuple[str, Location] | None:
        """The literal text of a value and its place: the whole value, or a reference's default."""
        value = setting.value
        default = _DEFAULT.match(value.strip())
        if default is not None:
            text = default["default"]
            if not text or (default["op"] == ":" and text.startswith(("?", "+"))):
                return None
            return text, self.sub_location(setting, text, value.index(text))
        if is_placeholder(value):
            return None
        return value, setting.location

    def sub_location(self, setting: Setting, part: str, offset: int) -> Location:
        """Where `part` of a one-line value is, when the file spells the value as read."""
        where = setting.location
        if where.line != where.end_line or not 1 <= where.line <= len(self.source.lines):
            return where
        raw = self.source.lines[where.line - 1][where.column - 1 : where.end_column - 1]
        found = raw.find(part, min(offset, len(raw)))
        if found < 0:
            found = raw.find(part)
        if found < 0:
            return where
        column = where.column + found
        return Location(where.line, column, where.line, column + len(part))

    def is_credential(self, text: str) -> bool:
        minimum = int(self.number("SEC001", "min_length", 8))
        threshold = self.number("SEC001", "min_entropy", 2.5)
        if not looks_like_secret(text, minimum, threshold):
            return False
        return not (is_public_key(text) or is_pem_private_key(text) or _known_format(text))

    # --- rules ----------------------------------------------------------------

    def kubernetes_secret(
        self, setting: Setting, name: tokens.KeyName, known: Algorithms
    ) -> Iterator[Detection]:
        """A Secret's values are credentials by definition; `data` holds them in base64."""
        text = setting.value
        if setting.role is Role.SECRET_BASE64:
            decoded = _base64(text)
            if decoded is None:
                return
            text = decoded
        stripped = text.strip()
        if not stripped or is_placeholder(stripped) or is_template_fragment(stripped):
            return
        if is_signing_key(name):
            yield from self.signing_key(setting, text, setting.location, known)
            return
        if (
            is_not_a_literal(stripped)
            or _NOT_VALUES.match(stripped)
            or is_public_key(stripped)
            or (NOT_SECRET_NAME.search(setting.key) and not is_secret_name(setting.key))
        ):
            yield from self.url_password(setting, stripped, setting.location)
            return
        yield _secret("SEC001", {"key": display(setting.path)}, text, setting.location)
        yield from self.if_signing_key(setting, text, setting.location, known)

    def signing_key(
        self,
        setting: Setting,
        text: str,
        where: Location,
        known: Algorithms,
        if_linked: bool = False,
    ) -> Iterator[Detection]:
        stripped = text.strip()
        if is_public_key(stripped) or "-----BEGIN" in stripped or is_template_fragment(stripped):
            return
        weak_values = self.parameter("HMAC002", "weak_values", ())
        needed = required_bytes(setting, known) or int(
            self.number("HMAC002", "default_min_bytes", 32)
        )
        weak = weak_reason(stripped, weak_values if isinstance(weak_values, tuple) else (), needed)
        if weak is None and (_NOT_VALUES.match(stripped) or stripped.startswith(_NOT_KEYS)):
            return
        if self.example and weak is not None and not weak.endswith("needs"):
            return  # `changeme` in `.env.example` is there to be replaced
        setting_name = display(setting.path)
        variable = self.variable(setting)
        found = partial(
            Detection,
            evidence=masking.evidence(stripped),
            secret_spans=(where,),
            setting=variable,
            if_signing_key=if_linked,
        )
        if weak is not None:
            yield found("HMAC002", where, {"setting": setting_name, "reason": weak})
            if not weak.endswith("needs"):
                return
        yield found("HMAC001", where, {"api": setting_name})
        if not variable:
            return
        # Too short for HS384/HS512 or HMAC-SHA512, should the code that reads it use those.
        size = len(stripped.encode("utf-8", "surrogateescape"))
        for stronger in sorted({n for n in MIN_KEY_BYTES.values() if n > max(needed, size)}):
            reason = f"{size} bytes, under the {stronger} bytes its algorithm needs"
            fields = {"setting": setting_name, "reason": reason}
            yield found("HMAC002", where, fields, if_signing_key=True, if_key_needs=stronger)

    def if_signing_key(
        self, setting: Setting, text: str, where: Location, known: Algorithms
    ) -> Iterator[Detection]:
        """What `signing_key` would report, should scanned code read this variable as a key.

        Offered for every variable of an environment, whatever its name, but
        not for names that say public, private or certificate, nor for values
        that are paths, URLs, numbers or booleans.
        """
        stripped = text.strip()
        if (
            not self.variable(setting)
            or names_asymmetric_key(tokens.KeyName.of(setting.path))
            or _NOT_VALUES.match(stripped)
            or stripped.startswith(_NOT_KEYS)
        ):
            return
        yield from self.signing_key(setting, text, where, known, if_linked=True)

    def variable(self, setting: Setting) -> str:
        """The environment variable a setting defines (code reads it by this name), or ""."""
        environment = self.environment_file or setting.role is not Role.PLAIN
        return setting.key if environment or is_environment_entry(setting.path) else ""

    def lifetime(
        self,
        setting: Setting,
        name: tokens.KeyName,
        found: tuple[bool, float | None],
        text: str,
        where: Location,
    ) -> Iterator[Detection]:
        refresh, unit = found
        amount = tokens.duration(text, unit, tokens.convention(name, self.spring))
        if amount is None or amount.seconds <= 0:
            return
        parameter = "refresh_max_seconds" if refresh else "access_max_seconds"
        limit = self.number("JWT007", parameter, 2592000 if refresh else 3600)
        if amount.seconds > limit:
            lifetime = tokens.describe(amount.seconds)
            fields = {
                "setting": display(setting.path),
                "lifetime": lifetime if amount.exact else f"at least {lifetime}",
                "threshold": tokens.describe(limit),
            }
            yield Detection("JWT007", where, fields)

    def leeway(
        self, setting: Setting, unit: float | None, text: str, where: Location
    ) -> Iterator[Detection]:
        default_unit = 0.001 if self.spring else 1.0  # leeway is counted in seconds elsewhere
        amount = tokens.duration(text, unit, default_unit)
        limit = self.number("JWT008", "max_leeway_seconds", 300)
        if amount is not None and amount.seconds > limit:
            fields = {
                "api": display(setting.path),
                "leeway": tokens.describe(amount.seconds),
                "threshold": tokens.describe(limit),
            }
            yield Detection("JWT008", where, fields)

    def endpoint(
        self, setting: Setting, name: tokens.KeyName, text: str, where: Location
    ) -> Iterator[Detection]:
        kind = tokens.endpoint_kind(name, text)
        if kind is not None:
            fields = {"setting": display(setting.path), "endpoint_kind": kind}
            yield Detection("JWT010", where, fields)

    def url_password(self, setting: Setting, text: str, where: Location) -> Iterator[Detection]:
        found = url_password(text)
        if found is None:
            return
        password = text[found[0] : found[1]]
        if not self.is_credential(password) or (self.example and is_dummy_value(password)):
            return
        place = where
        if where == setting.location and text == setting.value:
            place = self.sub_location(setting, password, found[0])
        yield _secret("SEC001", {"key": display(setting.path)}, password, place)


def _secret(rule_id: str, fields: dict[str, str], value: str, where: Location) -> Detection:
    """A finding about a secret value: masked evidence, and its characters masked in snippets."""
    evidence = masking.evidence(value.strip())
    return Detection(rule_id, where, fields, evidence=evidence, secret_spans=(where,))


def _base64(text: str) -> str | None:
    try:
        raw = base64.b64decode("".join(text.split()), validate=True)
    except (binascii.Error, ValueError):
        return None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def _known_format(text: str) -> bool:
    """Formats SEC002 reports on its own (cloud keys, platform tokens, JWTs)."""
    return _KNOWN_FORMAT.search(text) is not None


def display(path: tuple[str, ...]) -> str:
    """The key path a reader would search for, list indices left out."""
    keys = [k for k in path if not (k.startswith("[") and k.endswith("]"))]
    if "<<" in keys:  # a merged mapping: its own keys, wherever the merge reached it from
        keys = keys[len(keys) - keys[::-1].index("<<") :]
    return ".".join(keys[-4:])
