"""Values that look like credentials but are not: placeholders, references, public keys.

Every analyzer asks these before reporting a literal, so "<your-secret-here>"
and "${JWT_SECRET}" are recognised the same way in Python, YAML and .env files.
"""

from __future__ import annotations

import re

_REFERENCE = re.compile(
    r"""^(
        \$\{\{.*\}\}          # ${{ secrets.X }} (GitHub Actions expression)
      | \$\{[^}]*\}            # ${VAR}
      | \$\([^)]*\)            # $(VAR)
      | \$[A-Z_][A-Z0-9_]*     # $VAR
      | \{\{.*\}\}             # {{ secrets.X }} / {{ .Values.x }}
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
    return "EXAMPLE" in stripped  # AWS documentation keys (AKIAIOSFODNN7EXAMPLE)


def is_public_key(value: str) -> bool:
    """PEM or OpenSSH public keys and certificates: meant to be shared."""
    return bool(
        re.search(r"-----BEGIN (RSA |EC )?PUBLIC KEY-----|-----BEGIN CERTIFICATE-----", value)
        or value.lstrip().startswith(("ssh-rsa ", "ssh-ed25519 ", "ecdsa-sha2-"))
    )


def is_pem_private_key(value: str) -> bool:
    return "PRIVATE KEY-----" in value
