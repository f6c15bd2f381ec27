"""JWT009: an unverified header value reaching a fetch, a key client, a path, SQL or a shell."""

from __future__ import annotations

import pytest

from scanner.configuration import Config
from scanner.engine import scan_text


def findings(rules, source: str):
    return [
        f
        for f in scan_text("app/auth.py", source, Config(), rules).findings
        if f.rule_id == "JWT009"
    ]


def reported(rules, source: str) -> list[tuple[str, int]]:
    return [(f.rule_id, f.location.line) for f in findings(rules, source)]


REPORTED = [
    pytest.param(
        "import jwt, requests\ndef v(t):\n    h = jwt.get_unverified_header(t)\n    return requests.get(h['jku']).json()\n",
        [("JWT009", 4)],
        id="jku-subscript-to-requests",
    ),
    pytest.param(
        "import jwt as pyjwt\ndef v(t):\n    jku = pyjwt.get_unverified_header(t)['jku']\n    return pyjwt.PyJWKClient(jku)\n",
        [("JWT009", 4)],
        id="aliased-pyjwt-jku-to-pyjwkclient",
    ),
    pytest.param(
        "from jwt import get_unverified_header, PyJWKClient\ndef v(t):\n"
        "    return PyJWKClient(get_unverified_header(t).get('jku'))\n",
        [("JWT009", 3)],
        id="from-imports-inline-get",
    ),
    pytest.param(
        "from jose import jwt\nimport httpx\ndef v(t):\n    x5u = jwt.get_unverified_header(t).get('x5u')\n"
        "    return httpx.get(x5u).text\n",
        [("JWT009", 5)],
        id="jose-x5u-to-httpx",
    ),
    pytest.param(
        "import jwt\nimport httpx\nclient = httpx.Client()\ndef v(t):\n"
        "    url = jwt.get_unverified_header(t)['jku']\n    return client.get(url)\n",
        [("JWT009", 6)],
        id="httpx-client-instance",
    ),
    pytest.param(
        "import jwt\nimport httpx\ndef v(t):\n    url = jwt.get_unverified_header(t)['jku']\n"
        "    with httpx.Client() as client:\n        return client.get(url)\n",
        [("JWT009", 6)],
        id="httpx-client-bound-by-with",
    ),
    pytest.param(
        "import jwt\nfrom urllib.request import urlopen\ndef v(t):\n"
        "    jku = jwt.get_unverified_header(t)['jku']\n    return urlopen(jku.strip())\n",
        [("JWT009", 5)],
        id="urlopen-through-a-string-method",
    ),
    pytest.param(
        "import jwt\ndef v(t):\n    kid = jwt.get_unverified_header(t)['kid']\n"
        "    with open(f'/keys/{kid}.pem') as fh:\n        return fh.read()\n",
        [("JWT009", 4)],
        id="kid-in-an-f-string-path",
    ),
    pytest.param(
        "import os, jwt\ndef v(t):\n    kid = jwt.get_unverified_header(t)['kid']\n"
        "    path = os.path.join(KEY_DIR, kid + '.pem')\n    return open(path).read()\n",
        [("JWT009", 5)],
        id="kid-through-os-path-join",
    ),
    pytest.param(
        "import jwt\nfrom pathlib import Path\ndef v(t):\n    kid = jwt.get_unverified_header(t)['kid']\n"
        "    return (Path('/keys') / kid).read_text()\n",
        [("JWT009", 5)],
        id="kid-through-path-division",
    ),
    pytest.param(
        "from jose import jwt\ndef v(t, cur):\n    h = jwt.get_unverified_header(t)\n"
        "    cur.execute(\"SELECT k FROM keys WHERE kid = '%s'\" % h['kid'])\n",
        [("JWT009", 4)],
        id="kid-percent-formatted-into-sql",
    ),
    pytest.param(
        "import jwt\ndef v(t, cur):\n    kid = jwt.get_unverified_header(t)['kid']\n"
        "    sql = 'SELECT k FROM keys WHERE kid = ' + kid\n    cur.execute(sql)\n",
        [("JWT009", 5)],
        id="sql-built-in-a-local",
    ),
    pytest.param(
        "import jwt, subprocess\ndef v(t):\n    kid = jwt.get_unverified_header(t)['kid']\n"
        "    subprocess.run(f'fetch-key {kid}', shell=True)\n",
        [("JWT009", 4)],
        id="kid-in-a-shell-command",
    ),
]

SILENT = [
    pytest.param(
        "import jwt\nfrom app.keys import TRUSTED\ndef v(t):\n    kid = jwt.get_unverified_header(t).get('kid')\n"
        "    key = TRUSTED.get(kid)\n    return jwt.decode(t, key, algorithms=['RS256'])\n",
        id="kid-as-a-key-into-trusted-keys",
    ),
    pytest.param(
        "import jwt\nclient = jwt.PyJWKClient('https://idp.example.com/jwks.json')\ndef v(t):\n"
        "    kid = jwt.get_unverified_header(t)['kid']\n    return client.get_signing_key(kid)\n",
        id="kid-looked-up-in-a-pinned-jwks",
    ),
    pytest.param(
        "import jwt\nKEYS = {}\ndef v(t):\n    kid = jwt.get_unverified_header(t)['kid']\n"
        "    with open(f'/keys/{KEYS[kid]}.pem') as fh:\n        return fh.read()\n",
        id="dict-lookup-before-the-path",
    ),
    pytest.param(
        "import jwt\nALLOWED = {'a', 'b'}\ndef v(t):\n    kid = jwt.get_unverified_header(t)['kid']\n"
        "    if kid not in ALLOWED:\n        raise PermissionError\n    return open(f'/keys/{kid}.pem').read()\n",
        id="membership-check-before-use",
    ),
    pytest.param(
        "import jwt, re\ndef v(t):\n    kid = jwt.get_unverified_header(t)['kid']\n"
        "    if not re.fullmatch(r'[a-z0-9-]+', kid):\n        raise PermissionError\n"
        "    return open(f'/keys/{kid}.pem').read()\n",
        id="pattern-check-before-use",
    ),
    pytest.param(
        "import jwt\ndef v(t, cur):\n    kid = jwt.get_unverified_header(t)['kid']\n"
        "    cur.execute('SELECT k FROM keys WHERE kid = %s', (kid,))\n",
        id="parameterised-sql",
    ),
    pytest.param(
        "import jwt, requests\nJWKS_URL = 'https://idp.example.com/jwks.json'\ndef v(t):\n"
        "    h = jwt.get_unverified_header(t)\n    return requests.get(JWKS_URL, params={'kid': h['kid']})\n",
        id="fixed-url-with-kid-as-a-parameter",
    ),
    pytest.param(
        "import jwt, requests\ndef v(t):\n    h = jwt.get_unverified_header(t)\n    return requests.get(h['typ'])\n",
        id="header-field-not-in-the-list",
    ),
    pytest.param(
        "import jwt, logging\ndef v(t):\n    kid = jwt.get_unverified_header(t)['kid']\n    logging.info('kid %s', kid)\n",
        id="kid-logged-not-a-sink",
    ),
    pytest.param(
        "import requests\ndef v(header):\n    return requests.get(header['jku'])\n",
        id="parameter-named-header-is-not-a-source",
    ),
    pytest.param(
        "import jwt\ndef a(t):\n    kid = jwt.get_unverified_header(t)['kid']\n    return kid\n"
        "def b(kid):\n    return open(kid).read()\n",
        id="value-passed-to-another-function",
    ),
]


@pytest.mark.parametrize(("source", "expected"), REPORTED)
def test_unverified_header_value_reaching_a_sink_is_reported(rules, source, expected):
    assert reported(rules, source) == expected


@pytest.mark.parametrize("source", SILENT)
def test_trusted_lookup_or_checked_value_is_silent(rules, source):
    assert reported(rules, source) == []


def test_message_names_the_header_and_the_sink(rules):
    source = "import jwt, requests\ndef v(t):\n    return requests.get(jwt.get_unverified_header(t)['jku'])\n"
    (finding,) = findings(rules, source)
    assert finding.message == "unverified 'jku' header value reaches an HTTP request (requests.get)"
