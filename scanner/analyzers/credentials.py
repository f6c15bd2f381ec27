"""Is this key/value pair a credential? Shared by the config and CI analyzers.

A value is reported only when its key name says it holds a secret and the
value itself looks like one: long enough, random enough, and not a
placeholder, a reference to a secret store, a boolean, a number or a path.
"""

from __future__ import annotations

import math
import re
from collections import Counter

from scanner.analyzers.placeholders import is_placeholder

SECRET_NAME = re.compile(
    r"(?:^|[_.\-])(?:secret|secrets|token|password|passwd|pwd|pass|api[_.\-]?key|apikey|"
    r"access[_.\-]?key|private[_.\-]?key|signing[_.\-]?key|hmac[_.\-]?key|client[_.\-]?secret|"
    r"auth|credentials?|jwt[_.\-]?secret|webhook[_.\-]?secret|encryption[_.\-]?key|master[_.\-]?key)"
    r"(?:$|[_.\-])",
    re.IGNORECASE,
)
NOT_SECRET_NAME = re.compile(
    r"(?:^|[_.\-])(?:file|path|dir|url|uri|endpoint|host|name|id|ids|type|length|len|size|count|"
    r"header|prefix|policy|enabled|required|version|format|algorithm|alg|method|mode|env|var|"
    r"ref|arn|region|user|username|email)$"
    r"|(?:^|[_.\-])(?:expires?|expiry|expiration|lifetime|ttl|timeout|leeway)(?:$|[_.\-])",
    re.IGNORECASE,
)
_NOT_VALUES = re.compile(r"^(true|false|yes|no|on|off|null|none|nil|~|\d+(\.\d+)?)$", re.IGNORECASE)


def is_secret_name(name: str) -> bool:
    """`DB_PASSWORD`, `jwt.secret`, `clientSecret`: names that say a credential follows."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name)
    return bool(SECRET_NAME.search(spaced)) and not NOT_SECRET_NAME.search(spaced)


def entropy(value: str) -> float:
    """Shannon entropy in bits per character."""
    if not value:
        return 0.0
    counts = Counter(value)
    total = len(value)
    return -sum(n / total * math.log2(n / total) for n in counts.values())


def looks_like_secret(value: str, min_length: int = 8, min_entropy: float = 3.0) -> bool:
    text = value.strip()
    if len(text) < min_length or is_placeholder(text) or _NOT_VALUES.match(text):
        return False
    if text.startswith(("/", "./", "~/", "http://", "https://", "file:")) and "@" not in text:
        return False
    if " " in text and len(text.split()) > 3:
        return False  # a sentence, not a key
    return entropy(text) >= min_entropy
