"""What a name says about its value: a credential (`client_secret`, `PAYMENTS_API_KEY`,
`headers["Authorization"]`) or something about one (`token_count`, `secret_name`).

The head word (the last, after form words such as `_value` or `_b64`) decides;
a leading flag or transformation word (`is_`, `masked_`) and the non-credential
kinds of token (LLM counts, pagination cursors, tokenizer specials) rule it out.
"""

from __future__ import annotations

import re

# Head words (the last word of a name) and word pairs that name a credential.
SECRET_WORDS = frozenset(
    {
        "password",
        "passwords",
        "passwd",
        "passphrase",
        "secret",
        "secrets",
        "apikey",
        "apikeys",
        "authorization",
        "jwt",
        "privkey",
    }
)
SECRET_PAIRS = frozenset(
    {
        ("api", "key"),
        ("api", "keys"),
        ("private", "key"),
        ("signing", "key"),
        ("secret", "key"),
        ("auth", "header"),
    }
)
TOKEN_WORDS = frozenset({"token", "tokens"})
# First words that make a name a flag or a transformed copy (`is_secret`, `masked_token`).
NOT_THE_VALUE = frozenset(
    {
        "is",
        "has",
        "use",
        "should",
        "enable",
        "require",
        "requires",
        "no",
        "masked",
        "redacted",
        "hashed",
        "encrypted",
    }
)
# Words before `token(s)` for tokens that are not credentials: LLM token counts,
# pagination cursors, tokenizer specials (`max_tokens`, `next_token`, `pad_token`).
NOT_CREDENTIAL_TOKENS = frozenset(
    {
        "max",
        "min",
        "num",
        "total",
        "prompt",
        "completion",
        "input",
        "output",
        "cached",
        "reasoning",
        "remaining",
        "used",
        "next",
        "page",
        "pagination",
        "continuation",
        "sync",
        "cancellation",
        "special",
        "pad",
        "bos",
        "eos",
        "unk",
        "sep",
        "mask",
        "cls",
    }
)
# Words after a secret word that name its form, not something else about it.
FORM_WORDS = frozenset(
    {"value", "str", "string", "bytes", "raw", "plain", "plaintext", "text", "b64", "hex"}
)
# A bare `token` is a credential only where a module deals in credentials: lexers,
# tokenizers and template engines have tokens too.
CREDENTIAL_CONTEXT = frozenset(
    {
        "jwt",
        "jose",
        "jwcrypto",
        "joserfc",
        "authlib",
        "oauthlib",
        "requests_oauthlib",
        "itsdangerous",
        "flask_jwt_extended",
        "flask_login",
        "rest_framework",
        "rest_framework_simplejwt",
        "fastapi",
        "starlette",
        "flask",
        "aiohttp",
        "requests",
        "httpx",
        "urllib3",
        "boto3",
        "botocore",
        "google",
        "msal",
        "hvac",
        "secrets",
        "hmac",
        "keyring",
    }
)
_WORD = re.compile(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])")


def words(name: str) -> list[str]:
    """Lower-case words of an identifier or key, without a trailing form word
    (`token_value`, `password_raw` and `api_key_b64` are still the secret)."""
    found = [w.lower() for w in _WORD.findall(name)]
    while len(found) > 1 and found[-1] in FORM_WORDS:
        found.pop()
    return found


def is_secret_name(name: str, *, token_context: bool) -> bool:
    """The name's head word says credential: `access_token`, not `token_count`.

    A bare `token` counts only with `token_context` (the module deals in credentials).
    """
    parts = words(name)
    if not parts or parts[0] in NOT_THE_VALUE:
        return False
    head = parts[-1]
    if head in TOKEN_WORDS:
        if any(w in NOT_CREDENTIAL_TOKENS for w in parts[:-1]):
            return False
        return len(parts) > 1 or token_context
    return head in SECRET_WORDS or tuple(parts[-2:]) in SECRET_PAIRS


def mentions_secret(name: str) -> bool:
    """Any word of the name is a secret word (`token_id` mentions a token)."""
    return any(w in SECRET_WORDS or w in TOKEN_WORDS for w in words(name))
