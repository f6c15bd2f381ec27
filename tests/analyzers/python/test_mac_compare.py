"""HMAC003: a computed MAC compared with == / != is reported at the operator."""

from __future__ import annotations

import pytest

from scanner.configuration import Config
from scanner.engine import scan_text


def reported(rules, source: str) -> list[tuple[str, int]]:
    findings = scan_text("app/webhooks.py", source, Config(), rules).findings
    return [(f.rule_id, f.location.line) for f in findings if f.rule_id == "HMAC003"]


REPORTED = [
    pytest.param(
        "import hmac, hashlib\ndef ok(k, m, tag):\n    return hmac.new(k, m, hashlib.sha256).hexdigest() == tag\n",
        [("HMAC003", 3)],
        id="hexdigest-compared-inline",
    ),
    pytest.param(
        "import hmac as h\ndef ok(k, m, tag):\n    return tag != h.new(k, m, 'sha256').digest()\n",
        [("HMAC003", 3)],
        id="aliased-module-on-the-right",
    ),
    pytest.param(
        "from hmac import new\ndef ok(k, m, tag):\n    return new(k, m, 'sha256').digest() == tag\n",
        [("HMAC003", 3)],
        id="from-import-of-new",
    ),
    pytest.param(
        "import hmac\ndef ok(k, m, tag):\n    expected = hmac.digest(k, m, 'sha256')\n    return tag == expected\n",
        [("HMAC003", 4)],
        id="one-shot-digest-through-a-local",
    ),
    pytest.param(
        "import hmac, hashlib\ndef ok(k, body, sig):\n"
        "    expected = 'sha256=' + hmac.new(k, body, hashlib.sha256).hexdigest()\n"
        "    if sig != expected:\n        raise PermissionError\n",
        [("HMAC003", 4)],
        id="prefixed-webhook-signature",
    ),
    pytest.param(
        "import hmac, hashlib\ndef ok(k, parts, sig):\n    mac = hmac.new(k, digestmod=hashlib.sha256)\n"
        "    for p in parts:\n        mac.update(p)\n    return mac.hexdigest() == sig\n",
        [("HMAC003", 6)],
        id="mac-object-built-in-steps",
    ),
    pytest.param(
        "import base64, hmac\ndef ok(k, m, sig):\n"
        "    return base64.b64encode(hmac.digest(k, m, 'sha256')).decode() == sig\n",
        [("HMAC003", 3)],
        id="base64-encoded-mac",
    ),
    pytest.param(
        "import hmac\ndef sign(k, m):\n    return hmac.new(k, m, 'sha256').hexdigest()\n"
        "def ok(k, m, sig):\n    return sig == sign(k, m)\n",
        [("HMAC003", 5)],
        id="helper-in-the-same-module",
    ),
    pytest.param(
        "from cryptography.hazmat.primitives import hashes, hmac\ndef ok(k, m, tag):\n"
        "    mac = hmac.HMAC(k, hashes.SHA256())\n    mac.update(m)\n    return mac.finalize() == tag\n",
        [("HMAC003", 5)],
        id="cryptography-finalize-compared",
    ),
    pytest.param(
        "import hmac\ndef ok(k, m, sig):\n    return f'v1={hmac.new(k, m, \"sha256\").hexdigest()}' == sig\n",
        [("HMAC003", 3)],
        id="f-string-around-the-mac",
    ),
]

SILENT = [
    pytest.param(
        "import hmac\ndef ok(k, m, sig):\n    return hmac.compare_digest(hmac.new(k, m, 'sha256').hexdigest(), sig)\n",
        id="compare-digest",
    ),
    pytest.param(
        "import hmac, secrets\ndef ok(k, m, sig):\n    return secrets.compare_digest(hmac.digest(k, m, 'sha256'), sig)\n",
        id="secrets-compare-digest",
    ),
    pytest.param(
        "import hmac\ndef ok(k, m, sig):\n    expected = hmac.new(k, m, 'sha256').hexdigest()\n"
        "    if len(sig) != len(expected):\n        return False\n    return hmac.compare_digest(expected, sig)\n",
        id="length-check",
    ),
    pytest.param(
        "import hmac\ndef ok(k, m):\n    mac = hmac.digest(k, m, 'sha256')\n    return mac != None\n",
        id="compared-to-none",
    ),
    pytest.param(
        "import hmac\ndef test_vector():\n    assert hmac.new(b'k', b'm', 'sha256').hexdigest() == 'f9320baf'\n",
        id="assert-with-a-test-vector",
    ),
    pytest.param(
        "import hmac\ndef check(k, m, sig):\n    expected = hmac.digest(k, m, 'sha256')\n    assert sig == expected\n",
        id="inside-assert",
    ),
    pytest.param(
        "import hmac\ndef ok(k, m):\n    return hmac.new(k, m, 'sha256').hexdigest() == 'deadbeef'\n",
        id="literal-on-the-other-side",
    ),
    pytest.param(
        "import hashlib\ndef ok(data, manifest):\n    return hashlib.sha256(data).hexdigest() == manifest['sha256']\n",
        id="plain-hash-checksum",
    ),
    pytest.param(
        "import hmac\ndef ok(k, m, size):\n    mac = hmac.new(k, m, 'sha256')\n    return mac.digest_size == size\n",
        id="digest-size-attribute",
    ),
    pytest.param(
        "import hmac\ndef ok(k, m, other):\n    mac = hmac.new(k, m, 'sha256')\n    return mac.name == other\n",
        id="hash-name-attribute",
    ),
    pytest.param(
        "import hmac\ndef sign(k, m):\n    return hmac.new(k, m, 'sha256').hexdigest()\n"
        "def other(sig):\n    digest = load()\n    return sig == digest\n",
        id="same-name-in-another-function",
    ),
]


@pytest.mark.parametrize(("source", "expected"), REPORTED)
def test_mac_compared_with_equality_is_reported(rules, source, expected):
    assert reported(rules, source) == expected


@pytest.mark.parametrize("source", SILENT)
def test_constant_time_or_non_mac_comparison_is_silent(rules, source):
    assert reported(rules, source) == []


def test_message_names_the_operator(rules):
    source = "import hmac\ndef ok(k, m, t):\n    return hmac.digest(k, m, 'sha256') != t\n"
    (finding,) = [
        f for f in scan_text("a.py", source, Config(), rules).findings if f.rule_id == "HMAC003"
    ]
    assert finding.message == "MAC compared with '!='; use hmac.compare_digest"
    assert (finding.location.line, finding.location.column) == (3, 40)
