"""The cheap tests before any parsing or judgement: which config files and settings may matter.

Most config files name nothing a rule judges, and most keys of those that
do are ports and hostnames; these byte and name tests keep the parsers and
the judge for the few that may. Environments (`.env`, Dockerfile `ENV`,
compose `environment:`, container `env:`) always pass: code may sign with
any of their variables, whatever it is called.
"""

from __future__ import annotations

import re

from scanner.analyzers.config.readers.document_tree import ENV_LISTS

# Words of every key name the rules judge, lowercase; `bytes.__contains__` is many times
# faster than one regex alternation over the same words.
_KEY_WORDS = tuple(
    word.encode()
    for word in (
        "secret", "pass", "pwd", "token", "auth", "credential", "jwt", "jwk", "signing",
        "hmac", "leeway", "skew", "tolerance", "issuer", "well-known", "openid", "oidc",
        "key-data", "sensitive",  # a kubeconfig's `client-key-data`, Terraform state's values
        *(f"{a}{s}key" for a in ("api", "access", "private", "encryption", "master")
          for s in ("", "_", "-", ".")),
    )
)  # fmt: skip
# Endpoint names that only matter next to a plain-http URL.
_ENDPOINT_WORDS = (b"authority", b"discovery", b"metadata", b"introspect", b"revocation", b"certs")
_URL_PASSWORD = re.compile(rb"://[^\s/@:]*:[^\s/@]+@")
_ENVIRONMENT = re.compile(rb"(?:environment|\benv)[\"']?\s*:")  # compose `environment:`, `env:`
_KEY_GATE = re.compile(
    r"secret|pass|pwd|token|key|auth|credential|jwt|jwk|leeway|skew|tolerance|issuer|openid|"
    r"oidc|well.?known|discovery|metadata|authority|introspect|revocation|expir|ttl|lifetime|"
    r"lifespan|validity|age|cert|alg"
)


def might_report(data: bytes) -> bool:
    """Whether a file may hold anything the config rules judge (bytes only, no parsing).

    An environment (`.env`, Dockerfile) passes before this test: any of its
    variables may hold a key that code signs with.
    """
    lowered = data.lower()
    if any(word in lowered for word in _KEY_WORDS):
        return True
    if b"env" in lowered and _ENVIRONMENT.search(lowered) is not None:
        return True
    if b"http://" in lowered and any(word in lowered for word in _ENDPOINT_WORDS):
        return True
    return b"@" in lowered and _URL_PASSWORD.search(lowered) is not None


def might_matter(path: tuple[str, ...], value: str) -> bool:
    """The cheap test before any judgement: most keys name nothing a rule judges."""
    if "://" in value and ("@" in value or value[:7].lower() == "http://"):
        return True  # a password in a URL, or a plain-http endpoint
    return _KEY_GATE.search(".".join(path[-3:]).lower()) is not None


def is_environment_entry(path: tuple[str, ...]) -> bool:
    """A variable of a compose `environment:` or a container's `env:`, which code reads by name."""
    return len(path) >= 2 and path[-2].lower().replace("-", "_") in ENV_LISTS


def worth_reading(path: tuple[str, ...], value: str) -> bool:
    """A setting the judge should see: one whose name or value may matter, or a variable."""
    return might_matter(path, value) or is_environment_entry(path)
