"""Flask, Flask-JWT-Extended and Django keys: every shape that sets one, and the look-alikes that do not."""

from __future__ import annotations

import pytest

from scanner.configuration import Config
from scanner.engine import scan_text

KEY = "Xq7vN2pLe9KmR4sTz8wB3yHc6dFj5gUa"
MASKED = "Xq********Ua"
APP = "from flask import Flask\napp = Flask(__name__)\n"


def findings(rules, source: str) -> list[tuple[str, int, str | None]]:
    outcome = scan_text("web/app.py", source, Config(), rules)
    return [
        (f.rule_id, f.location.line, f.evidence.masked if f.evidence else None)
        for f in outcome.findings
    ]


SHAPES = [
    pytest.param(f"{APP}app.secret_key = '{KEY}'\n", 3, id="app-secret-key-literal"),
    pytest.param(
        f"from flask import current_app\ndef rotate():\n    current_app.secret_key = '{KEY}'\n",
        3,
        id="current-app-secret-key",
    ),
    pytest.param(
        f"import flask\ndef create():\n    app = flask.Flask(__name__)\n"
        f"    key = '{KEY}'\n    app.secret_key = key\n",
        4,
        id="local-variable-in-app-factory",
    ),
    pytest.param(f"KEY = '{KEY}'\n{APP}app.secret_key = KEY\n", 1, id="module-constant"),
    pytest.param(f"{APP}previous = app.secret_key = '{KEY}'\n", 3, id="chained-assignment"),
    pytest.param(
        f"{APP}def create():\n    k = '{KEY}'\n    k2 = k\n    k3 = k2\n    app.secret_key = k3\n",
        4,
        id="chain-of-local-copies",
    ),
    pytest.param(f"{APP}app.config.update(dict(SECRET_KEY='{KEY}'))\n", 3, id="update-dict-call"),
    pytest.param(f"{APP}app.config.update(SECRET_KEY='{KEY}')\n", 3, id="update-keyword"),
    pytest.param(
        f"{APP}app.config.update({{'SECRET_KEY': '{KEY}'}})\n", 3, id="update-dict-literal"
    ),
    pytest.param(
        f"{APP}def create():\n    d = {{'DEBUG': False, 'SECRET_KEY': '{KEY}'}}\n"
        "    app.config.update(d)\n",
        4,
        id="update-dict-built-in-function",
    ),
    pytest.param(
        f"{APP}def create():\n    d = dict(DEBUG=False, SECRET_KEY='{KEY}')\n"
        "    app.config.update(d)\n",
        4,
        id="update-dict-call-built-in-function",
    ),
    pytest.param(
        f"{APP}SETTINGS = dict(JWT_SECRET_KEY='{KEY}')\napp.config.from_mapping(SETTINGS)\n",
        3,
        id="from-mapping-module-dict-call",
    ),
    pytest.param(
        f"{APP}app.config.from_mapping(SECRET_KEY='{KEY}')\n", 3, id="from-mapping-keyword"
    ),
    pytest.param(
        f"{APP}app.config.update(**dict(JWT_SECRET_KEY='{KEY}'))\n", 3, id="update-double-star"
    ),
    pytest.param(
        f"{APP}app.config['SECRET_KEY'], debug = '{KEY}', 1\n", 3, id="tuple-unpack-config-item"
    ),
    pytest.param(f"{APP}app.secret_key, other = ('{KEY}', 2)\n", 3, id="tuple-unpack-secret-key"),
    pytest.param(
        f"{APP}[app.config['JWT_SECRET_KEY'], ttl] = ['{KEY}', 900]\n",
        3,
        id="list-unpack-jwt-secret-key",
    ),
]


@pytest.mark.parametrize(("source", "line"), SHAPES)
def test_flask_key_shape_is_reported_at_its_literal(rules, source: str, line: int) -> None:
    assert findings(rules, source) == [("HMAC001", line, MASKED)]


LOOK_ALIKES = [
    pytest.param(f"import os\n{APP}app.secret_key = os.environ['FLASK_KEY']\n", id="env-read"),
    pytest.param(f"import secrets\n{APP}app.secret_key = secrets.token_hex(32)\n", id="token-hex"),
    pytest.param(f"import os\n{APP}app.secret_key, n = os.urandom(24), 1\n", id="urandom-unpacked"),
    pytest.param(
        f"{APP}def create():\n    d = dict(SECRET_KEY='{KEY}')\n    app.config.update(DEBUG=1)\n",
        id="dict-never-passed-to-config",
    ),
    pytest.param(f"class Client: ...\nc = Client()\nc.secret_key = '{KEY}'\n", id="other-object"),
    pytest.param(
        f"from flask import Flask\ndef create(app):\n    app.secret_key = '{KEY}'\n",
        id="parameter-named-app",
    ),
    pytest.param(
        f"{APP}def create(extra):\n    d = {{'SECRET_KEY': '{KEY}'}}\n    d = extra\n"
        "    app.config.update(d)\n",
        id="dict-rebound-before-use",
    ),
    pytest.param(f"{APP}app.config['SECRET_KEY'], debug = load_key()\n", id="unpacked-from-a-call"),
]


@pytest.mark.parametrize("source", LOOK_ALIKES)
def test_flask_look_alike_is_not_a_hardcoded_key(rules, source: str) -> None:
    # A random literal under a secret name is still a plain credential (SEC005), not a key.
    assert [f for f in findings(rules, source) if f[0] != "SEC005"] == []


def test_a_key_in_a_dict_never_passed_to_config_is_a_plain_credential_not_a_signing_key(
    rules,
) -> None:
    source = (
        f"{APP}def create():\n    d = dict(SECRET_KEY='{KEY}')\n    app.config.update(DEBUG=1)\n"
    )
    assert findings(rules, source) == [("SEC005", 4, MASKED)]


def test_placeholder_secret_key_is_weak_not_hardcoded(rules) -> None:
    source = f"{APP}app.secret_key = '<your-secret-here>'\n"
    assert findings(rules, source) == [("HMAC002", 3, "<y********e>")]


def test_key_set_in_several_places_is_reported_once_with_each_use_related(rules) -> None:
    source = (
        f"from flask import Flask, current_app\nKEY = '{KEY}'\napp = Flask(__name__)\n"
        "app.secret_key = KEY\napp.config.update(dict(JWT_SECRET_KEY=KEY))\n"
        "def rotate():\n    current_app.secret_key = KEY\n"
    )
    outcome = scan_text("web/app.py", source, Config(), rules)
    [finding] = outcome.findings
    assert (finding.rule_id, finding.location.line) == ("HMAC001", 2)
    assert [(r.location.line, r.message) for r in finding.related] == [
        (4, "set as SECRET_KEY"),
        (5, "set as JWT_SECRET_KEY"),
        (7, "set as SECRET_KEY"),
    ]


def test_env_read_assigned_to_secret_key_is_a_key_use(rules) -> None:
    source = f"import os\n{APP}app.secret_key = os.environ['FLASK_KEY']\n"
    outcome = scan_text("web/app.py", source, Config(), rules)
    assert [(u.name, u.api, u.location.line, u.assigned) for u in outcome.key_uses] == [
        ("FLASK_KEY", "SECRET_KEY", 4, True)
    ]


# Django settings and config classes: the path matters only to say where the module lives.
CONF = "from django.conf import settings\n"
DJANGO_SHAPES = [
    pytest.param(
        "web/config.py",
        f"class Config:\n    DEBUG = False\nclass ProductionConfig(Config):\n    SECRET_KEY = '{KEY}'\n",
        4,
        id="flask-config-subclass",
    ),
    pytest.param(
        "web/app.py",
        f"class Defaults:\n    JWT_SECRET_KEY = '{KEY}'\n{APP}app.config.from_object(Defaults)\n",
        2,
        id="class-passed-to-from-object",
    ),
    pytest.param(
        "site/settings.py",
        f"class AppSettings:\n    SECRET_KEY = '{KEY}'\n",
        2,
        id="class-named-settings",
    ),
    pytest.param(
        "manage.py",
        f"{CONF}settings.configure(DEBUG=True, SECRET_KEY='{KEY}')\n",
        2,
        id="settings-configure-keyword",
    ),
    pytest.param(
        "runtests.py",
        f"import django.conf\ndjango.conf.settings.configure(**{{'SECRET_KEY': '{KEY}'}})\n",
        2,
        id="settings-configure-double-star-dict",
    ),
    pytest.param(
        "runtests.py",
        f"{CONF}def setup():\n    opts = dict(SECRET_KEY='{KEY}', ROOT_URLCONF='urls')\n"
        "    settings.configure(**opts)\n",
        3,
        id="settings-configure-dict-built-above",
    ),
    pytest.param(
        "docs/conf/settings.py",
        f"INSTALLED_APPS = ['django.contrib.auth']\nSECRET_KEY = '{KEY}'\n",
        2,
        id="docs-settings-module",
    ),
    pytest.param(
        "tests/test_settings.py",
        f"ROOT_URLCONF = 'urls'\nDATABASES = {{}}\nSECRET_KEY = '{KEY}'\n",
        3,
        id="test-settings-module",
    ),
]


@pytest.mark.parametrize(("path", "source", "line"), DJANGO_SHAPES)
def test_django_key_shape_is_reported_at_its_literal(
    rules, path: str, source: str, line: int
) -> None:
    outcome = scan_text(path, source, Config(), rules)
    assert [
        (f.rule_id, f.location.line, f.evidence.masked if f.evidence else None)
        for f in outcome.findings
    ] == [("HMAC001", line, MASKED)]


DJANGO_LOOK_ALIKES = [
    pytest.param(
        f"import os\n{CONF}settings.configure(SECRET_KEY=os.environ['DJANGO_KEY'])\n", id="env-read"
    ),
    pytest.param(
        f"{CONF}from django.core.management.utils import get_random_secret_key\n"
        "settings.configure(SECRET_KEY=get_random_secret_key())\n",
        id="random-secret-key",
    ),
    pytest.param(
        "import environ\nenv = environ.Env()\nclass ProductionConfig:\n    SECRET_KEY = env('SECRET_KEY')\n",
        id="env-in-config-class",
    ),
    pytest.param(
        "from decouple import config\nSECRET_KEY = config('SECRET_KEY')\nINSTALLED_APPS = []\n",
        id="decouple-in-settings-module",
    ),
    pytest.param("class Cache:\n    SECRET_KEY = load_key()\n", id="unrelated-class-non-literal"),
    pytest.param(
        f"class Client:\n    def configure(self, **kw): ...\nClient().configure(SECRET_KEY='{KEY}')\n",
        id="configure-of-another-object",
    ),
]


@pytest.mark.parametrize("source", DJANGO_LOOK_ALIKES)
def test_django_look_alike_is_not_a_hardcoded_key(rules, source: str) -> None:
    found = scan_text("proj/settings.py", source, Config(), rules).findings
    assert [f for f in found if f.rule_id != "SEC005"] == []


def test_placeholder_in_settings_configure_is_weak_not_hardcoded(rules) -> None:
    source = f"{CONF}settings.configure(SECRET_KEY='changeme')\n"
    outcome = scan_text("manage.py", source, Config(), rules)
    assert [(f.rule_id, f.location.line) for f in outcome.findings] == [("HMAC002", 2)]
