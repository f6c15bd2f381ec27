"""JWT001 and peek-then-verify: unverified claims that only choose how the same token is verified."""

from __future__ import annotations

import pytest

from scanner.configuration import Config
from scanner.engine import scan_text


def reported(rules, source: str) -> list[tuple[str, int]]:
    return [
        (f.rule_id, f.location.line)
        for f in scan_text("app/auth.py", source, Config(), rules).findings
        if f.rule_id == "JWT001"
    ]


OFF = 'options={"verify_signature": False}'

PEEKS = [
    pytest.param(
        f"import jwt\ndef v(token):\n    peek = jwt.decode(token, {OFF})\n"
        "    key = KEYS[peek['kid']]\n"
        "    return jwt.decode(token, key, algorithms=['RS256'])\n",
        id="kid-through-a-key-lookup",
    ),
    pytest.param(
        f"import jwt\ndef v(token):\n    peek = jwt.decode(token, {OFF})\n"
        "    issuer = peek['iss']\n"
        "    return jwt.decode(token, get_key(issuer), algorithms=['RS256'], issuer=issuer)\n",
        id="issuer-through-a-function-and-issuer-argument",
    ),
    pytest.param(
        "from jose import jwt\ndef v(token):\n"
        "    return jwt.decode(token, KEYS[jwt.get_unverified_claims(token)['tid']], algorithms=['RS256'])\n",
        id="jose-inline-in-the-key-argument",
    ),
    pytest.param(
        f"import jwt\ndef v(token):\n    peek = jwt.decode(token, {OFF})\n"
        "    client = jwt.PyJWKClient(JWKS[peek['iss']])\n"
        "    signing_key = client.get_signing_key_from_jwt(token)\n"
        "    return jwt.decode(token, signing_key.key, algorithms=['RS256'])\n",
        id="three-names-to-the-key",
    ),
    pytest.param(
        f"import jwt\ndef v(token, key):\n    unused = jwt.decode(token, None, {OFF})\n"
        "    return jwt.decode(token, key, algorithms=['HS256'])\n",
        id="result-never-read-then-verified",
    ),
    pytest.param(
        "from jose import jws\ndef v(token, key):\n    unused = jws.verify(token, None, None, verify=False)\n"
        "    return jws.verify(token, key, ['HS256'], verify=True)\n",
        id="jose-jws-verify-false-then-true",
    ),
    pytest.param(
        f"import jwt\nTOKEN = load()\npeek = jwt.decode(TOKEN, {OFF})\n"
        "data = jwt.decode(TOKEN, KEYS[peek['kid']], algorithms=['RS256'])\n",
        id="module-scope",
    ),
]

TRUSTED = [
    pytest.param(
        "from jose import jwt\ndef v(token):\n    claims = jwt.get_unverified_claims(token)\n"
        "    jwt.decode(token, KEYS[claims['kid']], algorithms=['RS256'])\n    return claims\n",
        [("JWT001", 3)],
        id="claims-returned",
    ),
    pytest.param(
        f"import jwt\ndef v(token):\n    claims = jwt.decode(token, {OFF})\n"
        "    if claims.get('admin'):\n        grant()\n"
        "    return jwt.decode(token, KEYS[claims['kid']], algorithms=['RS256'])\n",
        [("JWT001", 3)],
        id="claims-in-a-condition",
    ),
    pytest.param(
        f"import jwt\ndef v(token):\n    claims = jwt.decode(token, {OFF})\n    tenant = claims['tid']\n"
        "    if tenant == 'root':\n        grant()\n"
        "    return jwt.decode(token, KEYS[tenant], algorithms=['RS256'])\n",
        [("JWT001", 3)],
        id="derived-name-in-a-condition",
    ),
    pytest.param(
        f"import jwt\ndef v(token, session):\n    claims = jwt.decode(token, {OFF})\n"
        "    session['claims'] = claims\n"
        "    return jwt.decode(token, KEYS[claims['kid']], algorithms=['RS256'])\n",
        [("JWT001", 3)],
        id="claims-stored",
    ),
    pytest.param(
        f"import jwt\ndef v(token):\n    claims = jwt.decode(token, {OFF})\n"
        "    return jwt.decode(token, KEY, algorithms=['RS256'], options={'verify_exp': claims['x']})\n",
        [("JWT001", 3)],
        id="claims-into-options-not-a-choice-argument",
    ),
    pytest.param(
        "from jose import jwt\ndef v(token, other):\n    claims = jwt.get_unverified_claims(token)\n"
        "    return jwt.decode(other, KEYS[claims['kid']], algorithms=['RS256'])\n",
        [("JWT001", 3)],
        id="another-token-verified",
    ),
    pytest.param(
        "from jose import jwt\ndef v(token, other):\n    claims = jwt.get_unverified_claims(token)\n"
        "    token = other\n    return jwt.decode(token, KEYS[claims['kid']], algorithms=['RS256'])\n",
        [("JWT001", 3)],
        id="token-name-reassigned",
    ),
    pytest.param(
        "from jose import jwt\ndef v(token):\n    first = jwt.decode(token, KEY, algorithms=['RS256'])\n"
        "    claims = jwt.get_unverified_claims(token)\n    return claims\n",
        [("JWT001", 4)],
        id="verified-decode-only-before",
    ),
    pytest.param(
        f"import jwt\ndef v(token):\n    claims = jwt.decode(token, {OFF})\n"
        f"    return jwt.decode(token, KEYS[claims['kid']], {OFF})\n",
        [("JWT001", 3), ("JWT001", 4)],
        id="second-decode-also-unverified",
    ),
    pytest.param(
        f"import jwt\ndef v(token):\n    jwt.decode(token, {OFF})\n"
        "    return jwt.decode(token, KEY, algorithms=['HS256'])\n",
        [("JWT001", 3)],
        id="bare-statement-is-no-peek",
    ),
    pytest.param(
        f"import jwt\ndef v(token):\n    unused = jwt.decode(token, {OFF})\n"
        "    return jwt.decode(token, verify=True)\n",
        [("JWT001", 3)],
        id="later-decode-without-a-key",
    ),
    pytest.param(
        f"import jwt\nTOKEN = load()\nclaims = jwt.decode(TOKEN, {OFF})\n"
        "data = jwt.decode(TOKEN, KEYS[claims['kid']], algorithms=['RS256'])\n"
        "def who():\n    return claims['sub']\n",
        [("JWT001", 3)],
        id="module-claims-read-in-a-function",
    ),
    pytest.param(
        f"import jwt\nclass A:\n    claims = jwt.decode(TOKEN, {OFF})\n"
        "    data = jwt.decode(TOKEN, KEYS[claims['kid']], algorithms=['RS256'])\n",
        [("JWT001", 3)],
        id="class-body",
    ),
]


@pytest.mark.parametrize("source", PEEKS)
def test_unverified_claims_that_only_choose_the_verification_are_not_reported(rules, source):
    assert reported(rules, source) == []


@pytest.mark.parametrize(("source", "expected"), TRUSTED)
def test_unverified_claims_used_beyond_the_choice_are_reported(rules, source, expected):
    assert reported(rules, source) == expected
