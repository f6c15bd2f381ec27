"""HMAC004: an HMAC built on MD5 or SHA-1 is reported at the digest argument."""

from __future__ import annotations

import pytest

from scanner.configuration import Config
from scanner.engine import scan_text


def findings(rules, source: str):
    return [
        f
        for f in scan_text("app/signing.py", source, Config(), rules).findings
        if f.rule_id == "HMAC004"
    ]


def reported(rules, source: str) -> list[tuple[str, int]]:
    return [(f.rule_id, f.location.line) for f in findings(rules, source)]


REPORTED = [
    pytest.param(
        "import hashlib, hmac\nhmac.new(k, m, hashlib.sha1)\n",
        [("HMAC004", 2)],
        id="hashlib-constructor-positional",
    ),
    pytest.param(
        "import hmac\nhmac.new(k, m, digestmod='md5')\n",
        [("HMAC004", 2)],
        id="name-string-keyword",
    ),
    pytest.param(
        "import hmac\nhmac.new(k, m, 'SHA-1')\n",
        [("HMAC004", 2)],
        id="openssl-style-name",
    ),
    pytest.param(
        "import hmac as h\nfrom hashlib import sha1\nh.new(k, m, sha1)\n",
        [("HMAC004", 3)],
        id="aliased-hmac-and-from-imported-sha1",
    ),
    pytest.param(
        "import hashlib as hl\nfrom hmac import digest\ndigest(k, m, hl.md5)\n",
        [("HMAC004", 3)],
        id="one-shot-digest-aliases",
    ),
    pytest.param(
        "import hmac\nhmac.HMAC(k, m, 'sha1')\n",
        [("HMAC004", 2)],
        id="hmac-class",
    ),
    pytest.param(
        "import hashlib, hmac\nDIGEST = hashlib.sha1\n\ndef sign(k, m):\n    return hmac.digest(k, m, DIGEST)\n",
        [("HMAC004", 5)],
        id="module-constant-holding-the-constructor",
    ),
    pytest.param(
        "import hmac\nALGORITHM = 'md5'\nhmac.new(k, m, ALGORITHM)\n",
        [("HMAC004", 3)],
        id="module-constant-holding-the-name",
    ),
    pytest.param(
        "import hashlib, hmac\nhmac.new(k, m, lambda: hashlib.sha1())\n",
        [("HMAC004", 2)],
        id="lambda-returning-a-hash",
    ),
    pytest.param(
        "from cryptography.hazmat.primitives import hashes, hmac\nmac = hmac.HMAC(k, hashes.SHA1())\n",
        [("HMAC004", 2)],
        id="cryptography-sha1",
    ),
    pytest.param(
        "from cryptography.hazmat.primitives import hashes\n"
        "from cryptography.hazmat.primitives.hmac import HMAC\nHMAC(k, algorithm=hashes.MD5())\n",
        [("HMAC004", 3)],
        id="cryptography-md5-keyword",
    ),
    pytest.param(
        "import hashlib\nfrom itsdangerous import URLSafeSerializer\n"
        "s = URLSafeSerializer(key, signer_kwargs={'digest_method': hashlib.md5})\n",
        [("HMAC004", 3)],
        id="itsdangerous-serializer-signer-kwargs",
    ),
    pytest.param(
        "import hashlib\nimport itsdangerous\nSIGNER = {'digest_method': hashlib.sha1}\n"
        "s = itsdangerous.URLSafeTimedSerializer(key, signer_kwargs=SIGNER)\n",
        [("HMAC004", 4)],
        id="itsdangerous-signer-kwargs-constant",
    ),
    pytest.param(
        "import hashlib\nfrom itsdangerous import Signer\nSigner(key, digest_method=hashlib.sha1)\n",
        [("HMAC004", 3)],
        id="itsdangerous-signer-explicit-sha1",
    ),
    pytest.param(
        "from django.utils.crypto import salted_hmac\nsalted_hmac(salt, value, algorithm='sha1')\n",
        [("HMAC004", 2)],
        id="django-salted-hmac-sha1",
    ),
]

SILENT = [
    pytest.param("import hashlib, hmac\nhmac.new(k, m, hashlib.sha256)\n", id="sha256"),
    pytest.param("import hmac\nhmac.digest(k, m, 'sha384')\n", id="sha384-name"),
    pytest.param(
        "import hashlib\nhashlib.md5(data, usedforsecurity=False).hexdigest()\n",
        id="plain-md5-checksum",
    ),
    pytest.param(
        "import hashlib\nhashlib.pbkdf2_hmac('sha1', pw, salt, 100_000)\n",
        id="pbkdf2-is-a-kdf-not-a-mac",
    ),
    pytest.param(
        "from itsdangerous import URLSafeTimedSerializer\nURLSafeTimedSerializer(key, salt='x')\n",
        id="itsdangerous-default-digest",
    ),
    pytest.param(
        "import hashlib, hmac\nDIGEST = hashlib.sha1\nDIGEST = hashlib.sha256\nhmac.new(k, m, DIGEST)\n",
        id="constant-assigned-twice",
    ),
    pytest.param(
        "import hmac\nhmac.new(k, m, settings.HMAC_DIGEST)\n",
        id="digest-from-settings-is-unknown",
    ),
    pytest.param(
        "import hashlib, pyotp\npyotp.TOTP(secret, digest=hashlib.sha1)\n",
        id="totp-library-not-an-hmac-call",
    ),
    pytest.param(
        "import hmac\ndef sha1(data):\n    return data\nhmac.new(k, m, 'sha256')\n",
        id="local-function-named-sha1-unused",
    ),
]


@pytest.mark.parametrize(("source", "expected"), REPORTED)
def test_weak_hmac_digest_is_reported(rules, source, expected):
    assert reported(rules, source) == expected


@pytest.mark.parametrize("source", SILENT)
def test_strong_default_or_unknown_digest_is_silent(rules, source):
    assert reported(rules, source) == []


def test_digest_from_a_constant_points_back_at_the_constant(rules):
    source = "import hashlib, hmac\nDIGEST = hashlib.sha1\nhmac.new(k, m, DIGEST)\n"
    (finding,) = findings(rules, source)
    assert finding.message == "HMAC uses SHA-1; use SHA-256 or stronger"
    assert [r.location.line for r in finding.related] == [2]
