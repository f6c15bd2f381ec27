"""Key uses: the setting a signing or verifying call reads its key from, for config linking."""

from __future__ import annotations

import pytest

from scanner.configuration import Config
from scanner.engine import scan_text


def uses(rules, source: str) -> list[tuple[str, bool, str, int]]:
    outcome = scan_text("app/auth.py", source, Config(), rules)
    return [(u.name, u.any_case, u.api, u.location.line) for u in outcome.key_uses]


READS = [
    pytest.param(
        "import hmac, hashlib, os\n"
        "def sign(body):\n"
        "    return hmac.new(os.environ['PARTNER_SECRET'].encode(), body, hashlib.sha256)\n",
        [("PARTNER_SECRET", False, "hmac.new", 3)],
        id="os-environ-subscript-encoded",
    ),
    pytest.param(
        "import jwt, os\n"
        "def mint(claims):\n"
        "    return jwt.encode(claims, os.getenv('AUTH_KEY'), algorithm='HS256')\n",
        [("AUTH_KEY", False, "jwt.encode", 3)],
        id="os-getenv",
    ),
    pytest.param(
        "import jwt\nfrom os import environ\n"
        "def read(token):\n"
        "    return jwt.decode(token, environ.get('AUTH_KEY', ''), algorithms=['HS256'])\n",
        [("AUTH_KEY", False, "jwt.decode", 4)],
        id="from-os-import-environ-get",
    ),
    pytest.param(
        "import hashlib, hmac, os\n"
        "SIGNING = os.environ['HOOK_TOKEN']\n"
        "def sign(body):\n"
        "    return hmac.new(SIGNING.encode(), body, hashlib.sha256).hexdigest()\n",
        [("HOOK_TOKEN", False, "hmac.new", 4)],
        id="module-constant-read-once",
    ),
    pytest.param(
        "import jwt\nfrom decouple import config\n"
        "def mint(claims):\n"
        "    return jwt.encode(claims, config('API_SECRET'), algorithm='HS256')\n",
        [("API_SECRET", False, "jwt.encode", 4)],
        id="python-decouple",
    ),
    pytest.param(
        "import jwt\nfrom environs import Env\nenv = Env()\n"
        "def mint(claims):\n"
        "    return jwt.encode(claims, env.str('API_SECRET'), algorithm='HS256')\n",
        [("API_SECRET", False, "jwt.encode", 5)],
        id="environs-helper",
    ),
    pytest.param(
        "import jwt\nfrom app.config import settings\n"
        "def mint(claims):\n"
        "    return jwt.encode(claims, settings.auth_secret, algorithm='HS256')\n",
        [("auth_secret", True, "jwt.encode", 4)],
        id="pydantic-settings-attribute-any-case",
    ),
    pytest.param(
        "import jwt\nfrom app.config import get_settings\n"
        "def mint(claims):\n"
        "    return jwt.encode(claims, get_settings().auth_secret, algorithm='HS256')\n",
        [("auth_secret", True, "jwt.encode", 4)],
        id="settings-factory",
    ),
    pytest.param(
        "import jwt\nfrom flask import current_app\n"
        "def mint(claims):\n"
        "    return jwt.encode(claims, current_app.config['AUTH_SECRET'], algorithm='HS256')\n",
        [("AUTH_SECRET", False, "jwt.encode", 4)],
        id="flask-config-item",
    ),
    pytest.param(
        "import hmac, os\nNAME = 'HOOK_KEY'\n"
        "def sign(body):\n"
        "    return hmac.new(os.environ[NAME].encode(), body, 'sha256')\n",
        [("HOOK_KEY", False, "hmac.new", 4)],
        id="variable-named-by-a-constant",
    ),
    pytest.param(
        "import base64, hmac, os\n"
        "def sign(body):\n"
        "    return hmac.new(base64.b64decode(os.environ['HOOK_KEY']), body, 'sha256')\n",
        [("HOOK_KEY", False, "hmac.new", 3)],
        id="base64-decoded",
    ),
    pytest.param(
        "import hmac, os\n"
        "def sign(body):\n"
        "    return hmac.new((os.environ.get('HOOK_KEY') or '').encode(), body, 'sha256')\n",
        [("HOOK_KEY", False, "hmac.new", 3)],
        id="or-empty-fallback",
    ),
    pytest.param(
        "import jwt\nfrom app.config import settings\n"
        "def mint(claims):\n"
        "    return jwt.encode(claims, getattr(settings, 'auth_secret'), algorithm='HS256')\n",
        [("auth_secret", True, "jwt.encode", 4)],
        id="getattr-of-settings",
    ),
    pytest.param(
        "import jwt\nimport environ\nenv = environ.Env()\n"
        "def mint(claims):\n"
        "    return jwt.encode(claims, env('API_SECRET'), algorithm='HS256')\n",
        [("API_SECRET", False, "jwt.encode", 5)],
        id="django-environ-instance",
    ),
    pytest.param(
        "import jwt\nfrom environs import env\n"
        "def mint(claims):\n"
        "    return jwt.encode(claims, env.str('API_SECRET'), algorithm='HS256')\n",
        [("API_SECRET", False, "jwt.encode", 4)],
        id="environs-module-instance",
    ),
    pytest.param(
        "import os\nSECRET_KEY = os.environ['APP_SECRET']\n",
        [("APP_SECRET", False, "SECRET_KEY", 2)],
        id="django-secret-key-setting",
    ),
    pytest.param(
        "import os\nfrom flask import Flask\napp = Flask(__name__)\n"
        "app.config['JWT_SECRET_KEY'] = os.getenv('TOKEN_KEY')\n",
        [("TOKEN_KEY", False, "JWT_SECRET_KEY", 4)],
        id="flask-jwt-extended-setting",
    ),
]


@pytest.mark.parametrize(("source", "expected"), READS)
def test_a_key_read_by_name_is_a_key_use(rules, source: str, expected) -> None:
    assert uses(rules, source) == expected


NOT_READS = [
    pytest.param(
        "import jwt, os\n"
        "def read(token):\n"
        "    return jwt.decode(token, os.environ['AUTH_PUBLIC_KEY'], algorithms=['RS256'])\n",
        id="public-key-of-an-rs256-only-decode",
    ),
    pytest.param(
        "import jwt, os\n"
        "def mint(claims):\n"
        "    return jwt.encode(claims, os.environ['SIGNER_PEM'], algorithm='ES256')\n",
        id="private-key-of-an-es256-encode",
    ),
    pytest.param(
        "import hashlib, hmac\n"
        "def sign(key, body):\n"
        "    return hmac.new(key, body, hashlib.sha256)\n",
        id="key-is-a-parameter",
    ),
    pytest.param(
        "import hashlib, hmac, os\n"
        "def sign(body):\n"
        "    key = os.environ['A'] if body else os.environ['B']\n"
        "    return hmac.new(key.encode(), body, hashlib.sha256)\n",
        id="key-chosen-at-run-time",
    ),
    pytest.param(
        "import os, requests\n"
        "def call():\n"
        "    return requests.get('https://api', headers={'X-Key': os.environ['API_SECRET']})\n",
        id="env-value-used-as-a-header-not-a-key",
    ),
    pytest.param(
        "import jwt, os\n"
        "def mint(claims):\n"
        "    return jwt.encode(claims, 'literal-key-is-hmac001-instead', algorithm='HS256')\n",
        id="literal-key",
    ),
    pytest.param(
        "import jwt\nfrom app.helpers import env\n"
        "def mint(claims):\n"
        "    return jwt.encode(claims, env('API_SECRET'), algorithm='HS256')\n",
        id="a-function-called-env-that-is-not-an-env-reader",
    ),
    pytest.param(
        "import os\nimport environ\nSIMPLE_JWT = {'ALGORITHM': 'RS256', 'SIGNING_KEY': os.environ['PEM']}\n",
        id="simplejwt-signing-key-with-rs256",
    ),
]

HOSTILE = [
    "os.environ[0]",
    "os.environ[b'K']",
    "os.environ[::2]",
    "os.environ[f'{x}']",
    "os.environ['A', 'B']",
    "os.getenv(*names)",
    "os.getenv(key='K')",
    "bytes(*parts)",
    "getattr(settings)",
    "(lambda: 1)()",
]


@pytest.mark.parametrize("expression", HOSTILE)
def test_an_odd_key_expression_is_no_key_use_and_no_error(rules, expression: str) -> None:
    source = f"import hmac, os\ndef sign(body, names, parts, x):\n    return hmac.new({expression}, body, 'sha256')\n"
    outcome = scan_text("app/auth.py", source, Config(), rules)
    assert outcome.key_uses == ()
    assert outcome.notifications == ()


@pytest.mark.parametrize("source", NOT_READS)
def test_a_key_not_read_by_name_is_no_key_use(rules, source: str) -> None:
    assert uses(rules, source) == []
