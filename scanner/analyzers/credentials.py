"""Is this key/value pair a credential? Shared by the config and CI analyzers.

A value is reported only when its key name says it holds a secret and the
value itself looks like one: long enough, random enough, and not a
placeholder, a reference to a secret store, an encrypted blob, a dummy word,
a boolean, a number or a path. Each predicate below says why in one line.
"""

from __future__ import annotations

import base64
import binascii
import math
import re
from collections import Counter
from pathlib import PurePosixPath

from scanner.analyzers.placeholders import is_placeholder

# Password words a name may run together with what it is for: `PGPASSWORD`, `ADMINPASSWORD`.
_RUN_TOGETHER = ("password", "passwd", "passphrase")
SECRET_NAME = re.compile(
    r"(?:^|[_.\-])(?:secret|secrets|token|password|passwd|passphrase|pwd|api[_.\-]?key|apikey|"
    r"access[_.\-]?key|private[_.\-]?key|signing[_.\-]?key|hmac[_.\-]?key|client[_.\-]?secret|"
    r"credentials?|jwt[_.\-]?secret|webhook[_.\-]?secret|encryption[_.\-]?key|master[_.\-]?key|"
    r"decryption[_.\-]?key|validation[_.\-]?key)"
    r"\d*(?:$|[_.\-])"  # `password2`, `MASKED_SECRET1`: a numbered credential is one too
    r"|(?:^|[_.\-])(?:auth|pass)$"  # `basic_auth`, `DB_PASS`; not `auth_backends`, `pass_through`
    rf"|(?:{'|'.join(_RUN_TOGETHER)})\d*$",
    re.IGNORECASE,
)
NOT_SECRET_NAME = re.compile(
    r"(?:^|[_.\-])(?:file|path|dir|url|uri|endpoint|host|name|id|ids|type|length|len|size|count|"
    r"header|prefix|policy|enabled|required|version|format|algorithm|alg|method|mode|env|var|"
    r"ref|arn|region|user|username|email|link|template|prompt|label|message|msg|reason|field|"
    r"thumbprint|fingerprint|checksum)$"
    r"|(?:^|[_.\-])(?:expires?|expiry|expiration|lifetime|ttl|timeout|leeway)(?:$|[_.\-])"
    r"|(?:^|[_.\-])existing[_.\-]?secret",  # Helm charts: the name of a Secret made elsewhere
    re.IGNORECASE,
)
# Words that name a credential: a name ending in one (`DB_PASSWORD`, `api_key`) holds the
# credential itself, and a value spelling one (`Bad-Token`, `CleartextPassword1`) is a label.
_CREDENTIAL_WORDS = frozenset(
    {"secret", "secrets", "token", "tokens", "password", "passwords", "passwd", "passphrase"}
    | {"pwd", "key", "keys", "apikey", "credential", "credentials", "auth", "pass"}
)
_WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")  # `CleartextPassword1`: cleartext, password
_NOT_VALUES = re.compile(r"^(true|false|yes|no|on|off|null|none|nil|~|\d+(\.\d+)?)$", re.IGNORECASE)
_ENV_NAME = re.compile(r"^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$|^[A-Z]+$")  # DB_PASSWORD, DONTSHOWME
_WORD_SEPARATORS = re.compile(r"[_.\-]")
_DOTTED_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*){2,}$")
# A name as people write one: `AccessToken`, `accessToken`, `token_class`, `SecretsManager2`.
# Capitals only at the start of a word and digits only at the end, which generated text is not.
_NAME_PART = r"(?:[a-z]+\d*(?:_[a-z]+\d*)*|(?:[A-Z][a-z]+)+\d*)"
_CAMEL_CASE = re.compile(r"^(?:(?:[A-Z][a-z]+){2,}|[a-z]+(?:[A-Z][a-z]+)+)\d*$")
_NAME_PATH = re.compile(rf"^{_NAME_PART}(?:\.{_NAME_PART})+$")
# Words with their punctuation: `My Password`, `Enter your password:`, `Dive Wilson`.
_PROSE_WORD = r"\(?(?:[A-Za-z][a-z']*|[A-Z]{2,5})[,.:;!?)]*"  # `CSRF token missing.`
_PROSE = re.compile(rf"^{_PROSE_WORD}(?:\s+{_PROSE_WORD})+$")
_URL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.\-]*://[^\s@]*$")
# `custom_admin/password_change_form.html`: a relative path of lower-case names to a file.
_FILE_PATH = re.compile(r"^(?:[a-z0-9_\-]+/)+[a-z0-9_\-]+\.[a-z0-9]{1,5}$")
_PASSWORD_HASH = re.compile(
    r"^(?:\$(?:1|2[abxy]?|5|6|y|gy|7|apr1|md5|sha1|argon2(?:id|i|d)|scrypt|pbkdf2[\w-]*)\$"
    r"|(?:pbkdf2_sha\d+|bcrypt(?:_sha256)?|argon2|scrypt|sha1|md5|crypt)\$"
    r"|\{(?:SSHA\d*|SHA\d*|SMD5|MD5|CRYPT|BCRYPT|PBKDF2[\w-]*|ARGON2)\})",
    re.IGNORECASE,
)
_DATE_VERSION_ADDRESS = re.compile(
    r"^(?:\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?"
    r"|v?\d+(?:\.\d+){1,3}(?:[-+][\w.]+)?"
    r"|\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?)$"
)
_DUMMY = re.compile(
    r"change[_.\-]?me|change[_.\-]?it|change[_.\-]?this|replace[_.\-]?(?:me|this|with)|example|"
    r"sample|dummy|placeholder|^your[_.\-]?|[_.\-]your[_.\-]|fake|redacted|^todo|^fixme|"
    r"insert[_.\-]?(?:your|here)|not[_.\-]?(?:a[_.\-]?)?(?:real|secret)|^\*+$|x{4,}",
    re.IGNORECASE,
)
# Words a stand-in is made of, alone or run together: `password1`, `test_admin`, `foobar`.
_DUMMY_WORDS = (
    "secret", "password", "passwd", "pass", "token", "test", "testing", "admin", "root", "guest",
    "default", "none", "empty", "unset", "foo", "bar", "qwerty", "letmein", "welcome", "abc123",
    "123456", "hunter",
)  # fmt: skip
_JOINERS = frozenset("_.-0123456789")  # between and after the words: `test-admin`, `hunter42`
_ENCRYPTED = re.compile(
    r"^(?:\$ANSIBLE_VAULT;|ENC\[[A-Z0-9_]+,data:|ENC\([A-Za-z0-9+/=]+\)|\{cipher\}|"
    r"AgB[A-Za-z0-9+/]{100,}|vault:v\d+:|-----BEGIN PGP MESSAGE-----|"
    # Maven's `mvn --encrypt-password`: `{base64}`, Maven 4 with `[name=...,cipher=...]` first
    r"\{(?:\[[^\]\s]*\])?[A-Za-z0-9+/]{12,}={0,2}\}$)"
)
_STORE_REFERENCE = re.compile(
    r"^(?:arn:aws[\w-]*:|op://|vault:|ssm:|secretsmanager:|sm://|gcp:|azure:|akv:|keyvault:|"
    r"awssm:|env:|file:|secret://|projects/[^/\s]+/secrets/|\{\{\s*resolve:"
    r"|\{vault://|urn:k8s:secret:)",  # Kong vault references, Traefik Hub Kubernetes secrets
    re.IGNORECASE,
)
_EXAMPLE_WORDS = frozenset(
    {"example", "examples", "sample", "samples", "template", "templates", "tmpl", "tpl", "dist"}
)
_URL_PASSWORD = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.\-]*://[^\s/@:?#]*:(?P<password>[^\s/@?#]+)@")


def is_secret_name(name: str) -> bool:
    """`DB_PASSWORD`, `jwt.secret`, `clientSecret`: names that say a credential follows."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name)
    return bool(SECRET_NAME.search(spaced)) and not NOT_SECRET_NAME.search(spaced)


def names_credential(name: str) -> bool:
    """`DB_PASSWORD`, `apiKey`, `jwt.secret`: the name ends in the credential, so holds it.

    `token_class` or `secret_backend` names something about a credential, and
    may hold a class name or words; a name ending in the credential holds the
    credential, and there `Autumn2024` or `BlueHorizonStation` is a password.
    """
    words = _WORD.findall(name)
    last = words[-1].lower() if words else ""
    return is_secret_name(name) and (last in _CREDENTIAL_WORDS or last.endswith(_RUN_TOGETHER))


def entropy(value: str) -> float:
    """Shannon entropy in bits per character."""
    if not value:
        return 0.0
    counts = Counter(value)
    total = len(value)
    return -sum(n / total * math.log2(n / total) for n in counts.values())


def looks_like_secret(
    value: str, min_length: int = 8, min_entropy: float = 3.0, *, named: bool = False
) -> bool:
    """Long and random enough, and none of the things that only resemble a secret.

    `named`: the value stands where the credential itself goes (`names_credential`).
    """
    text = value.strip()
    if _AUTHORIZATION.match(text):
        found = authorization_credential(text)
        if found is None:
            return False  # `Basic xxx`: a stand-in where a user:password pair goes
        text = text[found[0] : found[1]]  # `Bearer 123` is judged by its `123`
    if len(text) < min_length or is_placeholder(text) or _NOT_VALUES.match(text):
        return False
    if text.startswith(("/", "./", "~/", "file:")) and "@" not in text:
        return False
    if " " in text and len(text.split()) > 3:
        return False  # a sentence, not a key
    if is_not_a_literal(text, named=named):
        return False
    return entropy(text) >= min_entropy


def is_not_a_literal(value: str, *, named: bool = False) -> bool:
    """Anything below that a key named like a secret may hold without holding one.

    Where the credential itself goes (`named`), words or a name are a label only
    when lower case (`mysql-password`) or when they spell a credential
    (`Bad-Token`): a person's password is often capitalised words and digits.
    """
    return (
        is_dummy_value(value)
        or is_encrypted_value(value)
        or is_store_reference(value)
        or is_template_fragment(value)
        or is_password_hash(value)
        or ((is_words(value) or is_name(value)) and (not named or _is_label(value)))
        or is_prose(value)
        or bool(_URL.match(value))  # a URL with no `user:password@`: an address, not a secret
        or bool(_FILE_PATH.match(value))
        or bool(_ENV_NAME.match(value) or _DATE_VERSION_ADDRESS.match(value))
    )


def is_name(value: str) -> bool:
    """`AccessToken`, `accessToken`, `rest_framework.tokens.AccessToken`: a class, type or path.

    A setting such as `token_class` or `secret_backend` names the code that
    handles a credential; capitals only where a word starts, and digits only
    at the end, are how people write names, not how keys are generated.
    """
    return bool(_CAMEL_CASE.match(value) or _NAME_PATH.match(value))


def is_prose(value: str) -> bool:
    """`My Password`, `Enter your password:`, `$ecret k3y`: words a person reads.

    Letters only, each word capitalised at most at its start; a passphrase
    of plain words is missed with it, as `is_words` misses `correct-horse`.
    """
    return bool(_PROSE.match(value) or _PROSE.match(_unleet(value)))


def is_words(value: str) -> bool:
    """`mysql-password`, `_password_reset_token`, `Bad-Token`, `mysql-password2`: words, or a path.

    Generated keys mix letter cases, digits or symbols; a run of words, each
    lower case or capitalised and numbered at most at its end, describes a
    value instead (a plain-word passphrase is missed).
    """
    parts = [part.rstrip("0123456789") for part in _WORD_SEPARATORS.split(value) if part]
    if parts and all(part.isalpha() and (part.islower() or part.istitle()) for part in parts):
        return True
    return bool(_DOTTED_NAME.match(value)) and not any(_is_random(p) for p in value.split("."))


def _is_label(value: str) -> bool:
    """Words that describe a credential even where one goes: lower case, a path, or naming one.

    `mysql-password`, `françois`, `not-hunter42`, `Bad-Token`; not `Autumn2024`.
    """
    parts = [part for part in _WORD_SEPARATORS.split(value) if part]
    if all(part.isalpha() and part.islower() for part in parts) or _DOTTED_NAME.match(value):
        return True
    words = {word.lower() for word in _WORD.findall(value)}
    return not words.isdisjoint(_CREDENTIAL_WORDS) or not words.isdisjoint(_DUMMY_WORDS)


def _is_random(part: str) -> bool:
    """A long run of mixed case and digits: a key's part (`SG.<id>.<secret>`), not a name's."""
    return (
        len(part) >= 16
        and any(c.isdigit() for c in part)
        and any(c.isupper() for c in part)
        and any(c.islower() for c in part)
    )


def is_password_hash(value: str) -> bool:
    """crypt(3), Django, LDAP `{SSHA}` hashes: a stored verifier, not a usable password."""
    return bool(_PASSWORD_HASH.match(value))


def is_dummy_value(value: str) -> bool:
    """`changeme`, `your-api-key`, `example-token`, `xxxx`, `p@ssw0rd`: written to be replaced."""
    text = value.strip()
    return any(_DUMMY.search(form) or _is_dummy_words(form) for form in (text, _unleet(text)))


def _is_dummy_words(value: str) -> bool:
    """`passwordPASSWORDpassword`, `test_admin`, `hunter42`: stand-in words, joined and numbered.

    Read once from left to right, marking where a word may end, so a long
    value costs time in proportion to its length; a regex repeating
    alternatives that overlap (`foo`, `foobar`) takes exponential time on
    `foobarfoobar...!`.
    """
    text = value.lower()
    reached = [True] + [False] * len(text)
    for start in range(len(text)):
        if not reached[start]:
            continue
        if start and text[start] in _JOINERS:
            reached[start + 1] = True
        for word in _DUMMY_WORDS:
            if text.startswith(word, start):
                reached[start + len(word)] = True
    return len(text) > 0 and reached[-1]


# Leetspeak as people write a stand-in (`s3cr3t`, `p@ssw0rd`, `$ecret k3y`): read back as words
# only to ask whether the words are a dummy or prose, never to call random text words.
_LEET = str.maketrans("013457@$", "oleastas")


def _unleet(value: str) -> str:
    return value.translate(_LEET)


def is_encrypted_value(value: str) -> bool:
    """ansible-vault, SOPS, Jasypt, Spring `{cipher}`, Maven, sealed secrets, Vault transit, PGP."""
    return bool(_ENCRYPTED.match(value.strip()))


def is_store_reference(value: str) -> bool:
    """An address in a secret store (`arn:aws:...`, `op://...`, `{vault://...}`), not the secret."""
    return bool(_STORE_REFERENCE.match(value.strip()))


def is_template_fragment(value: str) -> bool:
    """A value that is templated in part (`pre-{{ x }}`, `${A}${B}`, Ruby's `#{x}`), so not a literal."""
    return any(opening in value for opening in ("{{", "${", "$(", "{%", "#{"))


def is_example_file(relpath: str) -> bool:
    """`.env.example`, `config.sample.yaml`, `values.template.yml`: meant to be copied and filled."""
    name = PurePosixPath(relpath).name.lower()
    return any(word in _EXAMPLE_WORDS for word in re.split(r"[._\-]", name))


def url_password(value: str) -> tuple[int, int] | None:
    """Start and end of the password in `scheme://user:password@host`, if there is one."""
    match = _URL_PASSWORD.match(value)
    return match.span("password") if match else None


_AUTHORIZATION = re.compile(
    r"^(?:(?:proxy-)?authorization[ \t]*:[ \t]*)?(?P<scheme>bearer|basic|token|bot)[ \t]+"
    r"(?P<credential>\S+)[ \t]*$",
    re.IGNORECASE,
)


def authorization_credential(value: str) -> tuple[int, int] | None:
    """Start and end of the credential in `Bearer <token>` or `Authorization: Basic <b64>`.

    A Basic credential is base64 of `user:password`; anything else there
    (`Basic notabase64token`), or a pair whose password is empty or a dummy
    word (`user:`, `user:passwd`), is a test's stand-in, not a credential.
    """
    match = _AUTHORIZATION.match(value)
    if match is None:
        return None
    if match["scheme"].lower() == "basic" and not _is_basic_pair(match["credential"]):
        return None
    return match.span("credential")


def _is_basic_pair(credential: str) -> bool:
    """base64 of `user:password` whose password is a literal (`user:` or `user:passwd` is not)."""
    _, colon, password = (base64_text(credential) or "").partition(":")
    return bool(colon) and looks_like_secret(password, min_length=1, min_entropy=0.0)


def base64_text(text: str) -> str | None:
    """The text `text` is base64 of, or None when it is not base64.

    HTTP Basic, Docker's `auth`, npm's `_auth` and Yarn's `npmAuthIdent` hold
    `user:password` so encoded, and a Kubernetes Secret's `data` any value:
    the encoding hides a credential from a reader, not from anyone. The one
    decoder of them all. Blanks and line breaks are left out, as a wrapped
    value is written. Bytes that are not UTF-8 are read as Latin-1, HTTP
    Basic's historical charset, in which every byte is a character: a
    password typed in it, or a binary key, is still judged.
    """
    try:
        raw = base64.b64decode("".join(text.split()), validate=True)
    except (binascii.Error, ValueError):
        return None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")
