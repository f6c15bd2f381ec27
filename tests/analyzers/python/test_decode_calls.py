"""decode_calls: an algorithm read from the unverified header (JWT003), and what authlib's
and python_jwt's calls mean (JWT001, JWT003)."""

from __future__ import annotations

import pytest

from scanner.configuration import Config
from scanner.engine import scan_text


def reported(rules, source: str, rule_id: str) -> list[tuple[str, int]]:
    return [
        (f.rule_id, f.location.line)
        for f in scan_text("app/auth.py", source, Config(), rules).findings
        if f.rule_id == rule_id
    ]


HEADER_ALGORITHM = [
    pytest.param(
        "import jwt\ndef v(t, key):\n    alg = jwt.get_unverified_header(t)['alg']\n"
        "    return jwt.decode(t, key, algorithms=[alg])\n",
        [("JWT003", 4)],
        id="subscript-into-a-variable",
    ),
    pytest.param(
        "import jwt\ndef v(t, key):\n    header = jwt.get_unverified_header(t)\n"
        "    alg = header.get('alg')\n    return jwt.decode(t, key, algorithms=[alg])\n",
        [("JWT003", 5)],
        id="get-on-a-header-variable",
    ),
    pytest.param(
        "from jwt import PyJWS, decode\ndef v(t, key):\n"
        "    alg = PyJWS().get_unverified_header(t)['alg']\n"
        "    return decode(t, key, algorithms=[alg])\n",
        [("JWT003", 4)],
        id="pyjws-instance",
    ),
    pytest.param(
        "import jwt.api_jws\nimport jwt\ndef v(t, key):\n"
        "    alg = jwt.api_jws.PyJWS().get_unverified_header(t)['alg']\n"
        "    return jwt.decode(t, key, algorithms=[alg])\n",
        [("JWT003", 5)],
        id="api-jws-pyjws-instance-same-table-as-jwt009",
    ),
    pytest.param(
        "import jwt\ndef v(t, key):\n    algs = [jwt.get_unverified_header(t)['alg'].upper()]\n"
        "    return jwt.decode(t, key, algorithms=algs)\n",
        [("JWT003", 4)],
        id="allow-list-built-in-a-variable",
    ),
    pytest.param(
        "from jose import jwt\ndef v(t, key):\n    alg = jwt.get_unverified_headers(t).get('alg')\n"
        "    return jwt.decode(t, key, algorithms=alg)\n",
        [("JWT003", 4)],
        id="python-jose-header-variable",
    ),
]

CHECK = "import jwt\ndef v(t, key):\n    alg = jwt.get_unverified_header(t)['alg']\n"

ALLOW_LIST_ORDER = [
    pytest.param(
        CHECK + "    if alg not in ('RS256', 'ES256'):\n        raise ValueError(alg)\n"
        "    return jwt.decode(t, key, algorithms=[alg])\n",
        [],
        id="one-family-allow-list-before-use",
    ),
    pytest.param(
        CHECK + "    if alg != 'RS256':\n        raise ValueError(alg)\n"
        "    return jwt.decode(t, key, algorithms=alg)\n",
        [],
        id="single-algorithm-compared-before-use",
    ),
    pytest.param(
        CHECK + "    claims = jwt.decode(t, key, algorithms=[alg])\n"
        "    if alg not in ('RS256', 'ES256'):\n        raise ValueError(alg)\n    return claims\n",
        [("JWT003", 4)],
        id="allow-list-checked-only-after-the-decode",
    ),
    pytest.param(
        CHECK + "    if alg not in ('HS256', 'RS256'):\n        raise ValueError(alg)\n"
        "    return jwt.decode(t, key, algorithms=[alg])\n",
        [("JWT003", 6)],
        id="allow-list-mixing-hmac-and-rsa",
    ),
]

NOT_FROM_HEADER = [
    pytest.param(
        "import jwt\ndef v(t, key, config):\n    alg = jwt.get_unverified_header(t)['alg']\n"
        "    return jwt.decode(t, key, algorithms=[config.alg])\n",
        id="attribute-named-like-the-variable",
    ),
    pytest.param(
        "import jwt\ndef v(t, key):\n    kid = jwt.get_unverified_header(t)['kid']\n"
        "    return jwt.decode(t, KEYS[kid], algorithms=['RS256'])\n",
        id="kid-picks-the-key-algorithm-fixed",
    ),
    pytest.param(
        "import jwt\ndef v(t, key, alg):\n    return jwt.decode(t, key, algorithms=[alg])\n",
        id="parameter-is-not-the-header",
    ),
    pytest.param(
        "import jwt\ndef v(t, key):\n    alg = header_of(t)['alg']\n"
        "    return jwt.decode(t, key, algorithms=[alg])\n",
        id="project-function-is-not-the-library",
    ),
]


@pytest.mark.parametrize(("source", "expected"), HEADER_ALGORITHM)
def test_algorithm_read_from_the_unverified_header_is_confusion(rules, source, expected):
    assert reported(rules, source, "JWT003") == expected


@pytest.mark.parametrize("source", NOT_FROM_HEADER)
def test_algorithm_not_from_the_header_is_not_reported(rules, source):
    assert reported(rules, source, "JWT003") == []


@pytest.mark.parametrize(("source", "expected"), ALLOW_LIST_ORDER)
def test_header_algorithm_is_trusted_only_after_a_one_family_check(rules, source, expected):
    assert reported(rules, source, "JWT003") == expected


AUTHLIB = "from authlib.jose import jwt, JsonWebToken\nfrom authlib.jose import rfc7519\n"
# (source, JWT003 lines): every source starts with AUTHLIB, so its code begins on line 3.
AUTHLIB_INSTANCES = [
    pytest.param(
        AUTHLIB + "def v(t, key):\n    c = jwt.decode(t, key)\n    c.validate()\n",
        [("JWT003", 4)],
        id="ready-made-jwt-instance",
    ),
    pytest.param(
        AUTHLIB + "def v(t, key):\n    j = JsonWebToken()\n    return j.decode(t, key)\n",
        [("JWT003", 5)],
        id="instance-without-algorithms",
    ),
    pytest.param(
        AUTHLIB + "def v(t, key):\n    return JsonWebToken(None).decode(t, key)\n",
        [("JWT003", 4)],
        id="inline-instance-algorithms-none",
    ),
    pytest.param(
        AUTHLIB + "J = rfc7519.JsonWebToken()\ndef v(t, key):\n    return J.decode(t, key)\n",
        [("JWT003", 5)],
        id="module-instance-via-rfc7519",
    ),
    pytest.param(
        AUTHLIB + "def v(t, key):\n    return JsonWebToken(['RS256']).decode(t, key)\n",
        [],
        id="instance-restricted-to-rs256",
    ),
    pytest.param(
        AUTHLIB
        + "J = JsonWebToken(['HS256', 'RS256'])\ndef v(t, key):\n    return J.decode(t, key)\n",
        [("JWT003", 3)],
        id="mixed-list-reported-once-at-the-constructor",
    ),
    pytest.param(
        AUTHLIB + "def v(t, key, algs):\n    return JsonWebToken(*algs).decode(t, key)\n",
        [],
        id="starred-constructor-unknown",
    ),
    pytest.param(
        AUTHLIB + "def v(claims, key):\n    return jwt.encode({'alg': 'HS256'}, claims, key)\n",
        [],
        id="encode-not-judged",
    ),
]


@pytest.mark.parametrize(("source", "expected"), AUTHLIB_INSTANCES)
def test_authlib_instance_that_accepts_every_algorithm_is_confusion(rules, source, expected):
    assert reported(rules, source, "JWT003") == expected


PYJWT_LIB = "import python_jwt as jwt\n"
# (source, rule, lines): code begins on line 2.
PYTHON_JWT = [
    pytest.param(
        PYJWT_LIB + "def v(t):\n    h, c = jwt.process_jwt(t)\n    return c['sub']\n",
        "JWT001",
        [("JWT001", 3)],
        id="process-without-verify",
    ),
    pytest.param(
        PYJWT_LIB + "def v(t):\n    jwt.process_jwt(t)\n    forward(t)\n",
        "JWT001",
        [("JWT001", 3)],
        id="process-result-discarded-no-verify",
    ),
    pytest.param(
        PYJWT_LIB + "def v(t, key):\n    h, c = jwt.process_jwt(t)\n"
        "    jwt.verify_jwt(t, key, ['RS256'])\n    return c\n",
        "JWT001",
        [],
        id="process-then-verify-same-token",
    ),
    pytest.param(
        PYJWT_LIB + "def v(t, other, key):\n    h, c = jwt.process_jwt(t)\n"
        "    jwt.verify_jwt(other, key, ['RS256'])\n    return c\n",
        "JWT001",
        [("JWT001", 3)],
        id="verify-of-another-token",
    ),
    pytest.param(
        PYJWT_LIB + "def v(t, key):\n    jwt.verify_jwt(t, key, ['RS256'])\n"
        "    h, c = jwt.process_jwt(t)\n    return c\n",
        "JWT001",
        [],
        id="verify-before-process",
    ),
    pytest.param(
        PYJWT_LIB + "def v(t):\n    h, c = jwt.process_jwt(t)\n"
        "    jwt.verify_jwt(t, None, ['RS256'])\n    return c\n",
        "JWT001",
        [],
        id="verify-without-key-fails-closed-and-counts",
    ),
    pytest.param(
        PYJWT_LIB + "def v(t, key):\n    return jwt.verify_jwt(t, key, ['HS256', 'RS256'])\n",
        "JWT003",
        [("JWT003", 3)],
        id="verify-mixes-families",
    ),
    pytest.param(
        PYJWT_LIB + "def v(t, key):\n    return jwt.verify_jwt(t, key, allowed_algs=['ES256'])\n",
        "JWT003",
        [],
        id="verify-one-family",
    ),
    pytest.param(
        PYJWT_LIB + "def v(t, key):\n    return jwt.verify_jwt(t, key)\n",
        "JWT003",
        [],
        id="verify-without-allowed-algs-fails-closed",
    ),
    pytest.param(
        PYJWT_LIB + "def v(t, key):\n    return jwt.verify_jwt(t, key, ['RS256', 'none'])\n",
        "JWT002",
        [("JWT002", 3)],
        id="verify-allows-none",
    ),
    pytest.param(
        "def v(jwt, t):\n    return jwt.process_jwt(t)\n",
        "JWT001",
        [],
        id="local-name-is-not-the-library",
    ),
]


@pytest.mark.parametrize(("source", "rule_id", "expected"), PYTHON_JWT)
def test_python_jwt_process_and_verify(rules, source, rule_id, expected):
    assert reported(rules, source, rule_id) == expected
