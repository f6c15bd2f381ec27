"""JWT003: an algorithm read from the unverified header, then allowed by the verifying call."""

from __future__ import annotations

import pytest

from scanner.config import Config
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
