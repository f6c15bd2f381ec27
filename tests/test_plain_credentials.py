"""SEC005: plain credentials in Python, notebooks, shell scripts, Dockerfile RUN lines and
Makefiles. Every case names the rule, the line and column of the value and its masked
evidence; negatives are the look-alikes a reviewer would not call a credential."""

from __future__ import annotations

import json
import secrets
from pathlib import Path

import pytest

from scanner import catalog
from scanner.analyzers.base import Unparsable
from scanner.analyzers.python import notebooks
from scanner.configuration import Config
from scanner.engine import scan_text
from scanner.model import NotificationKind
from tests import every_output

RULES = catalog.load()


def _found(path: str, text: str) -> list[tuple[str, int, int, str]]:
    outcome = scan_text(path, text, Config(), RULES)
    return [
        (f.rule_id, f.location.line, f.location.column, f.evidence.masked if f.evidence else "")
        for f in outcome.findings
    ]


POSITIVES = {
    "module constant": ("app/db.py", 'DB_PASSWORD = "Xk9#mQ2vLp7wRt4z"\n', 1, 15, "Xk********4z"),
    "class attribute": (
        "app/client.py",
        'class Client:\n    api_token: str = "pT4vX9qL2mZ7rW8kN3sB6yH1"\n',
        2,
        22,
        "pT********H1",
    ),
    "attribute": (
        "app/client.py",
        'class Client:\n    def __init__(self):\n        self.api_key = "Hn4$wQ8zKp2vRt6y"\n',
        3,
        24,
        "Hn********6y",
    ),
    "keyword argument": (
        "app/mail.py",
        'smtp.login(user="alerts", password="Rz8!kM3nVq6wLp2x")\n',
        1,
        36,
        "Rz********2x",
    ),
    "dict key": (
        "app/settings.py",
        'DATABASES = {"default": {"PASSWORD": "Tq7#vN2pXe9LmR4s"}}\n',
        1,
        38,
        "Tq********4s",
    ),
    "subscript store": (
        "app/env.py",
        'import os\nos.environ["DB_PASS"] = "Jd8#kW3mQz7vLp2xRt5n"\n',
        2,
        25,
        "Jd********5n",
    ),
    "bearer header": (
        "app/api.py",
        'HEADERS = {"Authorization": "Bearer c3RhZ2luZy1vbmx5LWtleS04ZjJhOWQ"}\n',
        1,
        29,
        "c3********WQ",
    ),
    "export in a script": (
        "scripts/deploy.sh",
        "#!/bin/sh\nexport DB_PASSWORD=Xk9mQ2vLp7wRt4zH\n",
        2,
        20,
        "Xk********zH",
    ),
    "a client's password variable, run together": (
        "scripts/backup.sh",
        '#!/usr/bin/env bash\nexport PGPASSWORD="uK7wGf4QzhMc9Rd2xT"\n',
        2,
        20,
        "uK********xT",
    ),
    "curl -u": (
        "scripts/upload.sh",
        "curl -u deploy:Wq9xLm2Rt7vKz4Hs https://a.example.com/up\n",
        1,
        16,
        "Wq********Hs",
    ),
    "mysql -p": (
        "scripts/dump.sh",
        "mysqldump -uroot -pLm3xV8qTz5wKp9R db\n",
        1,
        20,
        "********",  # 15 characters: too short to show any,
    ),
    "sshpass -p": (
        "scripts/copy.bash",
        "sshpass -p 'Jd8kW3mQz7vLp2xR' scp f host:/srv\n",
        1,
        13,
        "Jd********xR",
    ),
    "curl bearer header": (
        "scripts/notify.sh",
        'curl -H "Authorization: Bearer c3RhZ2luZy1vbmx5LWtleS04ZjJhOWQ" https://a.example.com\n',
        1,
        32,
        "c3********WQ",
    ),
    "shebang without suffix": (
        "bin/release",
        "#!/usr/bin/env bash\nexport PYPI_PASSWORD=Vt6pQ9wLk2mXr8zN\n",
        2,
        22,
        "Vt********zN",
    ),
    "Dockerfile RUN": (
        "Dockerfile",
        "FROM alpine\nRUN curl --user ci:Vt6pQ9wLk2mXr8zN -o a.tgz https://a.example.com/a.tgz\n",
        2,
        20,
        "Vt********zN",
    ),
    "Makefile variable": (
        "Makefile",
        "REGISTRY_PASSWORD := Rz8kM3nVq6wLp2xB\n",
        1,
        22,
        "Rz********xB",
    ),
    "Makefile recipe": (
        "Makefile",
        "up:\n\t@curl -u ci:Rz8kM3nVq6wLp2xB https://a.example.com/up\n",
        2,
        14,
        "Rz********xB",
    ),
}


@pytest.mark.parametrize(
    ("path", "text", "line", "column", "masked"), list(POSITIVES.values()), ids=list(POSITIVES)
)
def test_a_plain_credential_is_reported_at_its_value(
    path: str, text: str, line: int, column: int, masked: str
) -> None:
    assert _found(path, text) == [("SEC005", line, column, masked)]


NEGATIVES = {
    "placeholder": ("app/db.py", 'DB_PASSWORD = "<your-db-password>"\nAPI_KEY = "changeme"\n'),
    "environment": ("app/db.py", 'import os\nDB_PASSWORD = os.environ["DB_PASSWORD"]\n'),
    "getpass": ("app/cli.py", 'import getpass\npassword = getpass.getpass("Password: ")\n'),
    "template reference": ("app/db.py", 'DB_PASSWORD = "${DB_PASSWORD}"\n'),
    "empty default": (
        "app/db.py",
        'def connect(password=""):\n    return open_db(password=password)\n',
    ),
    "password hash": (
        "app/users.py",
        'password_hash = "$2b$12$KIXQJr4bJ0Ck8e7wqYn1uO6Gm5vY2r0fX9kJ3pL1sT8wQ2eR4tY6u"\n',
    ),
    "token URL": ("app/oauth.py", 'TOKEN_URL = "https://auth.example.com/oauth2/token"\n'),
    "dummy in a test fixture": (
        "tests/test_login.py",
        'def test_login(client):\n    client.login(username="ops", password="test-password")\n',
    ),
    "signing key is HMAC001's": (
        "app/tokens.py",
        'import jwt\nKEY = "Mc9vT4qW1kX6rL3pZ8cH2jB7yD5gF0sA"\n'
        'def mint(c):\n    return jwt.encode(c, KEY, algorithm="HS256")\n',
    ),
    "Basic header that is no user:password pair": (
        "tests/test_api.py",
        'client.get("/me", headers={"Authorization": "Basic notabase64token"})\n',
    ),
    "curl with variables": ("scripts/up.sh", 'curl -u "$USER:$PASS" https://a.example.com/up\n'),
    "export of a reference": ("scripts/up.sh", 'export DB_PASSWORD="${DB_PASSWORD}"\n'),
    "command substitution": (
        "scripts/up.sh",
        'curl -H "Authorization: Bearer $(cat /run/secrets/t)" https://a.example.com\n',
    ),
    "make reference": ("Makefile", "up:\n\tcurl -u ci:$$DEPLOY_TOKEN https://a.example.com/up\n"),
    "Dockerfile exec form": ("Dockerfile", 'FROM alpine\nRUN ["sh", "-c", "echo hi"]\n'),
    "text without a shebang": ("notes.txt", "export DB_PASSWORD=Xk9mQ2vLp7wRt4zH\n"),
    "class name": ("app/settings.py", 'SIMPLE_JWT = {"token_class": "AccessToken"}\n'),
    "prose": ("app/forms.py", 'password_label = "Enter your password"\nsecret = "My Password"\n'),
    "header template": ("tests/test_api.py", 'auth_token = "Bearer 123"\n'),
    "enum value": ("app/logs.py", 'result["password"] = "NOT_LOGGING_PASSWORD"\n'),
    "URL without credentials": (
        "app/oauth.py",
        'token = "https://auth.example.com/oauth2/token"\n',
    ),
}


@pytest.mark.parametrize(("path", "text"), list(NEGATIVES.values()), ids=list(NEGATIVES))
def test_a_look_alike_is_not_a_plain_credential(path: str, text: str) -> None:
    assert [f for f in _found(path, text) if f[0] == "SEC005"] == []


def test_a_signing_key_is_reported_once_as_hmac001() -> None:
    text = NEGATIVES["signing key is HMAC001's"][1]
    assert [f[:3] for f in _found("app/tokens.py", text)] == [("HMAC001", 2, 7)]


def _notebook(*cells: dict[str, object]) -> str:
    document = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": list(cells)}
    return json.dumps(document, indent=1)


def _line_of(text: str, part: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if part in line)


def _code(*lines: str, outputs: list[object] | None = None) -> dict[str, object]:
    return {"cell_type": "code", "metadata": {}, "outputs": outputs or [], "source": list(lines)}


def test_a_notebook_code_cell_is_python_placed_at_the_json_line_and_column() -> None:
    text = _notebook(
        {"cell_type": "markdown", "metadata": {}, "source": ["password: 'Xk9#mQ2vLp7wRt4z'"]},
        _code("%pip install requests\n", "!ls -la\n", 'API_TOKEN = "pT4vX9qL2mZ7rW8kN3sB6yH1"\n'),
    )
    line = _line_of(text, "API_TOKEN")
    column = text.splitlines()[line - 1].index("pT4v") + 1
    assert _found("analysis.ipynb", text) == [("SEC005", line, column - 2, "pT********H1")]


def test_an_escaped_quote_inside_a_notebook_secret_is_masked_in_the_json() -> None:
    text = _notebook(_code('db = {"password": "Tq7#vN2pX\\"e9LmR4s"}\n'))
    outcome = scan_text("analysis.ipynb", text, Config(), RULES)
    [finding] = outcome.findings
    line = _line_of(text, "Tq7#")
    column = text.splitlines()[line - 1].index("Tq7#") + 1
    assert (finding.rule_id, finding.location.line, finding.location.column) == (
        "SEC005",
        line,
        column - 2,  # the literal's opening quote, written `\"` in the JSON
    )
    assert "e9LmR4s" not in finding.snippet and "Tq7#vN2pX" not in finding.snippet


def test_every_python_rule_reads_notebooks() -> None:
    text = _notebook(
        _code("import jwt\n"),
        _code(
            "def read(token):\n",
            '    return jwt.decode(token, options={"verify_signature": False})\n',
        ),
    )
    line = _line_of(text, "jwt.decode")
    assert ("JWT001", line) in {(f[0], f[1]) for f in _found("analysis.ipynb", text)}


def test_a_token_in_a_notebook_output_is_a_known_format() -> None:
    token = "ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8"
    text = _notebook(_code("print(TOKEN)\n", outputs=[{"output_type": "stream", "text": [token]}]))
    assert [f[0] for f in _found("analysis.ipynb", text)] == ["SEC002"]


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("{not json", "notebook is not valid JSON"),
        (json.dumps({"nbformat": 3, "worksheets": []}), "not an nbformat 4 notebook"),
        ('{"nbformat": 4, "cells": [], "cells": []}', "notebook JSON has repeated keys"),
    ],
    ids=["not-json", "nbformat-3", "repeated-keys"],
)
def test_a_notebook_that_cannot_be_read_is_a_note_not_a_crash(text: str, why: str) -> None:
    with pytest.raises(Unparsable, match=why):
        notebooks.read(text)
    outcome = scan_text("broken.ipynb", text, Config(), RULES, reraise=False)
    assert [(n.kind, n.detail) for n in outcome.notifications] == [
        (NotificationKind.PARSE_ERROR, why)
    ]


def test_no_raw_notebook_secret_in_any_output(tmp_path: Path) -> None:
    planted = "Q" + secrets.token_hex(8) + "z#"
    fixed = "Tq7#vN2pX" + secrets.token_hex(4)
    text = _notebook(
        _code(f'PASSWORD = "{planted}"\n', "!echo hi\n"),
        _code(f'connect(password="{fixed}\\"x")\n'),
    )
    every_output.write(tmp_path, {"notebooks/analysis.ipynb": text})
    outputs = every_output.scan(tmp_path)
    assert len(outputs.findings("SEC005")) == 2
    for secret in (planted, fixed):
        assert outputs.leaking(secret) == []


def test_unicode_escapes_before_a_notebook_secret_keep_its_column() -> None:
    # json.dumps writes `é` as \u00e9 (6 characters) and an emoji as a surrogate pair (12).
    text = _notebook(_code('NOTE = "caf\u00e9 \U0001f600"; PASSWORD = "Xk9#mQ2vLp7wRt4z"\n'))
    line = _line_of(text, "Xk9#")
    column = text.splitlines()[line - 1].index("Xk9#") + 1
    assert _found("analysis.ipynb", text) == [("SEC005", line, column - 2, "Xk********4z")]


@pytest.mark.parametrize(
    "comment",
    ["", '# client.login(password="Vb7$nQ2xLp9wKt4m")\n'],
    ids=["plain", "copy-in-comment"],
)
def test_one_literal_under_one_name_twice_is_reported_at_each_place(comment: str) -> None:
    text = (
        f"{comment}def test_a(client):\n"
        '    client.login(password="Vb7$nQ2xLp9wKt4m")\n'
        "def test_b(client):\n"
        '    client.login(password="Vb7$nQ2xLp9wKt4m")\n'
    )
    shift = comment.count("\n")
    assert [f for f in _found("tests/test_login.py", text) if f[0] == "SEC005"] == [
        ("SEC005", 2 + shift, 27, "Vb********4m"),
        ("SEC005", 4 + shift, 27, "Vb********4m"),
    ]
