"""Values that look like credentials but are not: placeholders, references, public keys.

Every analyzer asks these before reporting a literal, so "<your-secret-here>"
and "${JWT_SECRET}" are recognised the same way in Python, YAML and .env files.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter

_REFERENCE = re.compile(
    r"""^(
        \$\{\{.*\}\}          # ${{ secrets.X }} (GitHub Actions expression)
      | \$\{[^}]*\}            # ${VAR}
      | \$\([^)]*\)            # $(VAR)
      | \$[A-Z_][A-Z0-9_]*     # $VAR
      | \$env:[A-Za-z_]\w*     # $env:VAR (PowerShell)
      | %[A-Za-z_]\w*%         # %VAR% (cmd.exe and batch files; an .npmrc written on Windows)
      | ![A-Z_][A-Z0-9_]*!     # !VAR! (batch delayed expansion; upper case: `!Summer24!` is a password)
      | \{\{.*\}\}             # {{ secrets.X }} / {{ .Values.x }}
      | \#\{[^}]*\}\#?          # #{Var}# / #{Var} (Azure DevOps token replacement, Octopus)
      | __[A-Za-z][A-Za-z0-9_]*__  # __NPM_TOKEN__, __ClientSecret__ (release pipelines' tokens)
      | @[a-z][\w\-]*(?:\.[\w\-]+)+@  # @db.password@ (Maven and Gradle resource filtering)
      | @@[A-Za-z_][\w.\-]*@@  # @@NPM_TOKEN@@
      | %\([^)]*\)s            # %(name)s
      | <[^<>]*>               # <your-secret-here>
      | \[[^\[\]]*\]           # [SECRET]
    )$""",
    re.VERBOSE | re.DOTALL,
)
_FILLER = re.compile(r"^([xX*.#_-])\1{2,}$|^(x{3,}|X{3,})$")


def is_placeholder(value: str) -> bool:
    """True for empty values, references to another store and filler like `xxxx`."""
    stripped = value.strip()
    if not stripped:
        return True
    if _REFERENCE.match(stripped) or _FILLER.match(stripped):
        return True
    # Keys providers print in their own documentation, copied into READMEs and tutorials:
    # AWS's say so (AKIAIOSFODNN7EXAMPLE), the others are listed.
    return "EXAMPLE" in stripped or stripped in _PUBLISHED_SAMPLES


# Stripe's documented test-mode key pairs (API reference and guides, with the secret key's
# restricted `rk_` twin), and Mailgun's key of its `samples.mailgun.org` domain.
_PUBLISHED_SAMPLES = frozenset(
    {
        *(
            f"{prefix}_test_{body}"
            for prefix in ("sk", "rk", "pk")
            for body in ("4eC39HqLyjWDarjtT1zdp7dc", "BQokikJOvBiI2HlWgH4olfQ2")
        ),
        "pk_test_TYooMQauvdEDq54NiTphI7jx",
        "pk_test_6pRNASCoBOKtIshFeQd4XMUh",
        "key-3ax6xnjp29jd6fds4gc373sgvjxteol0",
    }
)


def is_public_key(value: str) -> bool:
    """PEM or OpenSSH public keys and certificates: meant to be shared."""
    return bool(
        re.search(r"-----BEGIN (RSA |EC )?PUBLIC KEY-----|-----BEGIN CERTIFICATE-----", value)
        or value.lstrip().startswith(("ssh-rsa ", "ssh-ed25519 ", "ecdsa-sha2-"))
    )


def is_pem_private_key(value: str) -> bool:
    return "PRIVATE KEY-----" in value


# Written where a token goes, to be replaced: `your`, `EXAMPLE`, `Dummy`, ... Only as words are
# written (lower, Title or UPPER case): random text spells `fAkE` now and then.
_TOKEN_WORDS = re.compile(
    "|".join(
        f"{word}|{word.title()}|{word.upper()}"
        for word in (
            "example",
            "sample",
            "dummy",
            "placeholder",
            "fake",
            "your",
            "redacted",
            "replace",
            "insert",
            "changeme",
        )
    )
)
# The longest part of a token is its secret when it is this long (`xoxb-<team>-<user>-<secret>`).
_SECRET_PART = 16
_REPEATED = re.compile(r"(.{1,8}?)\1{2,}.{0,8}", re.DOTALL)


def is_placeholder_token(value: str, body: str) -> bool:
    """A provider-format value written to be replaced, judged the same for every format.

    `body` is the value without its fixed prefix: `ghp_` followed by filler is
    a placeholder although `ghp_` itself is real. The body, or its longest
    part between separators (the secret of `xoxb-<team>-<user>-<secret>`), is
    filler: half or more `x`, `X`, `*`, `#` or `.`, one character most of the
    time (`0000`), a repeated unit (`abcabcabc`), an ascending run
    (`1234567890abcdef`); or the body holds a word that says "fill me in".
    """
    if is_placeholder(value) or is_placeholder(body) or _TOKEN_WORDS.search(body):
        return True
    longest = max(_SEPARATORS.split(body), key=len)
    return _is_filler(body) or (len(longest) >= _SECRET_PART and _is_filler(longest))


_SEPARATORS = re.compile(r"[\s\-_./:+=@]+")


def _is_filler(text: str) -> bool:
    core = _SEPARATORS.sub("", text)
    if len(core) < 4 or sum(c in "xX*#." for c in text) * 2 >= len(text):
        return True
    if max(Counter(core).values()) * 10 >= len(core) * 6 or _REPEATED.fullmatch(core):
        return True
    ascending = sum(1 for a, b in itertools.pairwise(core) if ord(b) - ord(a) == 1)
    return ascending * 10 >= (len(core) - 1) * 6
