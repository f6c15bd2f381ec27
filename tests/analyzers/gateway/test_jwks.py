"""Key files committed to the repository: a symmetric (`oct`) key is the HMAC secret itself.

JSON holds no comments, so each case names its findings as (line, rule id).
"""

from __future__ import annotations

import pytest
from edge_cases import found

OCT_JWKS = """\
{
  "keys": [
    {"kty": "RSA", "kid": "idp", "n": "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78", "e": "AQAB"},
    {
      "kty": "oct",
      "kid": "api-2024",
      "k": "ZmJiNTI2Y2E4ZjA0NGZhYjk4MGY1YTdkZTFhY2M3YzI3ZjM3ZmRlNzA"
    }
  ]
}
"""
CASES = {
    "jwks-with-an-oct-key": ("nginx/keys/api.jwks", OCT_JWKS, {(7, "HMAC001")}),
    "single-jwk-too-short": (
        "nginx/keys/orders.jwk",
        '{"kty": "oct", "k": "c2hvcnQta2V5", "alg": "HS256"}\n',
        {(1, "HMAC001"), (1, "HMAC002")},
    ),
    # --- tricky negatives ---
    "public-keys-only": (
        "nginx/keys/idp.jwks",
        '{"keys": [{"kty": "RSA", "kid": "1", "n": "0vx7agoebGcQSuuPiLJXZpt", "e": "AQAB"}]}\n',
        set(),
    ),
    "a-config-file-with-a-keys-list": (
        "config/settings.json",
        '{"keys": [{"name": "octopus", "value": "ocean"}], "mode": "oct"}\n',
        set(),
    ),
}


@pytest.mark.parametrize(("path", "text", "findings"), CASES.values(), ids=CASES.keys())
def test_key_files(path: str, text: str, findings: set[tuple[int, str]]) -> None:
    assert found(path, text) == findings
