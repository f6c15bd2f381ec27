"""Checks a value of some formats can pass or fail beyond its shape.

A checksum proves the value was issued: GitHub's `gh?_` tokens and npm's
`npm_` tokens end with the CRC32 of their 30 random characters, in six
base62 digits (0-9, A-Z, a-z). A value that passes is reported whatever its
entropy; one that fails is judged like any other token, since sample and
test tokens seldom carry a valid checksum. A structure check must pass: a
JSON Web Token's header and payload are base64url-encoded JSON.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import string
import zlib

from scanner.analyzers.credentials import is_not_a_literal

_BASE62 = string.digits + string.ascii_uppercase + string.ascii_lowercase


def crc32_base62(token: str) -> bool:
    """`<prefix>_<30 random><6 base62 CRC32>`: the last six characters check the thirty before."""
    _, _, rest = token.partition("_")
    if len(rest) != 36 or not all(c in _BASE62 for c in rest):
        return False
    value = 0
    for digit in rest[30:]:
        value = value * 62 + _BASE62.index(digit)
    return value == zlib.crc32(rest[:30].encode("ascii"))


def is_jwt(token: str) -> bool:
    """Header and payload decode to JSON objects; text that only starts with `eyJ` does not."""
    parts = token.split(".")
    if len(parts) < 2:
        return False
    for part in parts[:2]:
        try:
            decoded = json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))
        except (binascii.Error, ValueError):
            return False
        if not isinstance(decoded, dict):
            return False
    return True


def is_password(value: str) -> bool:
    """A password in a connection string, as SEC001 judges one: not a word, reference or dummy.

    One that spells `password` or `secret` (`password12345`, `my-secret`) was written for a
    document or a test.
    """
    return len(value) >= 6 and not is_not_a_literal(value) and _SAYS_PASSWORD.search(value) is None


def is_no_digest(token: str) -> bool:
    """A body with a letter past `f`: after a common prefix, hex is a hash or a UUID.

    `api-<UUID>` is a trace id and `sk_<MD5>` a cache key as often as a
    LaunchDarkly or IEX Cloud key, so a format whose prefix is a common word
    tells its keys by shape only when the body is no hex; an all-hex key
    needs its provider's name beside it (the format's keyword form).
    """
    body = _COMMON_PREFIX.sub("", token, count=1)
    return any("f" < c <= "z" for c in body.lower())


def is_mixed_case(token: str) -> bool:
    """A body of upper- and lower-case letters and digits that changes case often: a random key.

    Identifiers after `api_`, `live_` or `KEY` are words, CONSTANTS or
    snake_case, and digests are hex of one case; a random base62 body of the
    provider's exact length has all three kinds of character. A name has them
    too (`lk_RemoteLinkCacheEntries2`, `secret_KeyVaultClient22`, code's
    `s.OAS3ComponentWrapFactory`), but in a few words: 5 runs of one case or of
    digits in 24 characters. Generated base62 changes case or turns to digits
    every two characters or so: of 20,000 random bodies, a quarter as many runs
    as characters or fewer in 1 of 500 of 16 characters, 1 of 2,000 of 22, none of 40.
    """
    body = _COMMON_PREFIX.sub("", token, count=1)
    return (
        any(c.isupper() for c in body)
        and any(c.islower() for c in body)
        and any(c.isdigit() for c in body)
        and len(_CASE_RUN.findall(body)) * 4 > len(body)
    )


def is_random_body(token: str) -> bool:
    """No digest (`is_no_digest`) and not a word: a body with a digit, in any case."""
    body = _COMMON_PREFIX.sub("", token, count=1)
    return is_no_digest(token) and any(c.isdigit() for c in body)


_COMMON_PREFIX = re.compile(r"^[A-Za-z]+[_.-]")
_CASE_RUN = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|[0-9]+")
_SAYS_PASSWORD = re.compile(r"pass(?:word|wd)?|secret", re.IGNORECASE)
