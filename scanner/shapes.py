"""Predicates on the shape of a piece of text: secret-shaped, or provably safe to show.

`is_secret_shaped` says a bare token looks like a key or token (mixed
letters and digits, a provider prefix, random case). `is_safe_value` is the
other side, used by the snippet policy (`scanner.snippets`): the few shapes a
string literal or a config value may have and still be shown, because none
of them can hold a credential nobody detected: numbers and durations,
booleans, references to a secret store or environment variable, URLs without
user info or query, paths and names whose every part is a plain word or
number, and a fixed vocabulary of algorithm, digest, claim and CI keywords.
Everything else in a value position is masked, words included: `hunter2`,
`swordfish` and `correct horse battery staple` are passwords by position.
"""

from __future__ import annotations

import itertools
import re

KNOWN_PREFIX = re.compile(
    r"(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}"
    r"|(?:gh[pousr]_|github_pat_|glpat-|xox[aboprs]-|[rs]k_live_|npm_|pypi-AgE|eyJ)[\w.-]{12}"
)


# The password of a URL's user info, after `scheme://` or a scheme-relative `//` (npm's
# registry keys, `//user:password@host/:_authToken`). People write `@` and `/` in it
# unencoded, and parsers split at the `@` before the host, so it runs to the first `@` that a
# host follows (not a scoped path's `/@org`); at most 256 characters: linear in the text.
_USERINFO_PASSWORD = re.compile(
    r"//[^\s/@:]*:(?P<password>[^\s]{1,256}?)(?<!/)@(?=\[|[\w.\-]+(?::\d+)?(?:[/\s?#]|$))"
)


def userinfo_passwords(text: str) -> list[tuple[int, int]]:
    """Where the passwords of URL user info are in `text`: a key, a message, any line."""
    return [found.span("password") for found in _USERINFO_PASSWORD.finditer(text)]


def words(text: str) -> frozenset[str]:
    return frozenset(text.split())


MASKED = re.compile(r"(?:[^*]{2})?\*{8}(?:[^*]{2})?")
# Public words a finding is often about; a password equal to one of them is no secret.
VOCABULARY = words(
    """
    hs256 hs384 hs512 rs256 rs384 rs512 es256 es256k es384 es512 ps256 ps384 ps512
    eddsa ed25519 ed448 none rsa ec oct
    md5 sha1 sha-1 sha224 sha256 sha-256 sha384 sha-384 sha512 sha-512 sha3_256 sha3_512
    blake2b blake2s
    exp nbf iat iss aud sub jti kid jku x5u x5c x5t alg typ cty jwk crit
    true false yes no on off null nil ~
    read write read-all write-all inherit
    authorization bearer basic
    """
)
_NUMBER = re.compile(r"[+-]?\d{1,16}(?:\.\d{1,16})?(?:[eE][+-]?\d{1,3})?")
_DURATION = re.compile(r"\d{1,12}(?:ms|s|m|h|d|w|y|sec|min|mins|hours|days|weeks)", re.IGNORECASE)
_REFERENCE = re.compile(
    r"\$\{\{[^{}'\"`]*\}\}"  # ${{ secrets.X }}
    r"|\{\{[^{}'\"`]*\}\}"  # {{ .Values.x }}
    r"|\$\{\s*[A-Za-z_][\w.]*\s*(?:(?::?[-=?+]|:)(?P<default>[^{}]*))?\}"  # ${VAR}, ${VAR:-d}
    r"|\$\(\s*[A-Za-z_][\w.]*\s*\)"  # $(VAR)
    r"|%[A-Za-z_]\w*%"  # %VAR%
    r"|\$[A-Za-z_]\w*"  # $VAR
)
_URL = re.compile(r"[a-z][a-z0-9+.-]{1,15}://(?P<host>[\w.-]+(?::\d{1,5})?)(?P<path>/[^\s?#@]*)?")
_PATH = re.compile(r"(?:~|\.{1,2})?/?(?:[\w.\-+@]+/)+[\w.\-+@]*|/")
_FILE = re.compile(r"(?P<stem>[\w-]+)\.[a-z]{2,5}")
_SNAKE = re.compile(r"[a-z]+(?:_[a-z]+)+|[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+")
_DOTTED = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+")
_PEM_ARMOR = re.compile(r"-{5}(?:BEGIN|END)[A-Z0-9 ]{1,40}-{5}")
_GLOB = re.compile(r"\*\*?|\?")
_VERSIONED = re.compile(r"[A-Za-z]{1,12}\d{1,3}")  # oauth2, v1, sha256


def is_safe_value(value: str) -> bool:
    """Whether a string literal or config value may be shown as it is in a snippet."""
    value = value.strip()
    if not value or value.lower() in VOCABULARY or MASKED.fullmatch(value):
        return True
    if (len(value) <= 3 and value.isalnum()) or _PEM_ARMOR.fullmatch(value):
        return True
    if _NUMBER.fullmatch(value) or _DURATION.fullmatch(value):
        return True
    if _REFERENCE.search(value):
        return _is_safe_with_references(value)
    if _GLOB.search(value) and ("/" in value or "." in value):
        return is_safe_value(_GLOB.sub("x", value))  # `tests/*.py`, `**/fixtures/*`
    url = _URL.fullmatch(value)
    if url:
        return all(_is_plain(part) for part in (url["path"] or "").split("/"))
    if _PATH.fullmatch(value) or _DOTTED.fullmatch(value):
        return all(_is_plain(part) for part in re.split(r"[/.]", value))
    if _SNAKE.fullmatch(value):
        return all(_is_plain(part) for part in value.split("_"))
    found = _FILE.fullmatch(value)
    return found is not None and _is_plain(found["stem"])


def _is_safe_with_references(value: str) -> bool:
    """References whose defaults are safe, in a value that is safe without them."""
    for match in _REFERENCE.finditer(value):
        if match["default"] is not None and not is_safe_value(match["default"]):
            return False
    rest = _REFERENCE.sub("", value)
    substituted = _REFERENCE.sub("x", value)
    if _REFERENCE.search(rest) or _REFERENCE.search(substituted):
        return False  # a reference made by removing another: nested braces, not a plain reference
    return not rest.strip() or is_safe_value(rest) or is_safe_value(substituted)


def _is_plain(part: str) -> bool:
    """A path or name part made of words and numbers: `realms`, `v2`, `tenant-42`, `jwks`."""
    if KNOWN_PREFIX.search(part):
        return False
    for piece in re.split(r"[-_~+@.]", part):
        if not piece or piece.isdigit() or _VERSIONED.fullmatch(piece):
            continue
        if not piece.isalpha() or not piece.isascii():
            return False
        if len(piece) >= 16 and is_secret_shaped(piece):
            return False
    return True


def is_secret_shaped(value: str) -> bool:
    """Mixed letters and digits (or symbols), as keys and tokens are; not words or paths.

    A provider prefix (`AKIA`, `ghp_`, `eyJ`, ...) is enough on its own: an AWS
    key id is base32, and one in 28 has no digit at all.
    """
    if KNOWN_PREFIX.match(value):
        return True
    if value.startswith(("http://", "https://")) or _is_path(value):
        return False
    lower = any(c.islower() for c in value)
    upper = any(c.isupper() for c in value)
    digit = any(c.isdigit() for c in value)
    symbol = any(not c.isalnum() and c not in "_-." for c in value)
    classes = lower + upper + digit + symbol
    if classes >= 3 or (classes >= 2 and digit):
        return True
    return lower and upper and len(value) >= 16 and _random_case(value)


def _random_case(value: str) -> bool:
    """Letters whose case looks drawn at random, not `camelCase` or `HTTPRequest` words.

    Words start with one capital and go on in lower case, with now and then an
    acronym; random text keeps breaking that: runs of capitals, and lone
    lower-case letters between two capitals. Three or more breaks: 1 in 150
    random 32-letter strings has fewer, 1 in 400 real identifiers of 16 or
    more mixed-case letters has as many.
    """
    upper = [c.isupper() for c in value if c.isalpha()]
    runs = sum(1 for capital, run in itertools.groupby(upper) if capital and len(list(run)) > 1)
    lone = sum(a and not b and c for a, b, c in zip(upper, upper[1:], upper[2:], strict=False))
    return runs + lone >= 3


def _is_path(value: str) -> bool:
    """Several `/`-separated parts, none of them random: `src/app/settings/base.py`.

    Base64 has slashes too, but its parts mix upper case, lower case and digits.
    """
    if value.count("/") <= 2:
        return False
    return not any(
        len(part) >= 6
        and any(c.islower() for c in part)
        and any(c.isupper() for c in part)
        and any(c.isdigit() for c in part)
        for part in value.split("/")
    )
