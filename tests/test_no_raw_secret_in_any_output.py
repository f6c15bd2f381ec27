"""Invariant 1: no raw secret ever leaves the scanner (DESIGN.md, "Invariants").

Secrets are generated at test time with `secrets`, planted in a small git
repository in every kind of file the scanner reads (Python, YAML, .env, JSON,
plain text, a file Python cannot parse, a YAML file that cannot be loaded,
a zip holding a `.env` and a tar.gz holding another),
some on the same line as another rule's finding, one in `.env` found only
because code uses it as a signing key. Every output format is then
searched for each secret, its base64 and hex forms, and every 8-character piece
of it: stdout, stderr, the report file and log records. A masked value shows 2
characters at each end, so no 8-character piece can survive masking.

Each secret must also have been reported, or its absence from the output would
prove nothing; the one secret no rule recognises (`unrecognised`) is there to
prove the snippet safety net, on a line another rule reports.
"""

from __future__ import annotations

import ast
import base64
import io
import json
import logging
import re
import secrets
import string
import subprocess
import tarfile
import zipfile
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner, Result

from scanner.analyzers.base import Context, Source
from scanner.analyzers.secret_formats import SecretFormats
from scanner.cli import main
from scanner.model import Detection

ALNUM = string.ascii_letters + string.digits
UPPER_DIGITS = string.ascii_uppercase + string.digits
WINDOW = 8


def _formats() -> tuple[str, ...]:
    scan = main.commands["scan"]
    option = next(p for p in scan.params if p.name == "output_format")
    assert isinstance(option.type, click.Choice)
    return tuple(str(choice) for choice in option.type.choices)


FORMATS = _formats()


def _random(alphabet: str, length: int) -> str:
    return "".join(secrets.choice(alphabet) for _ in range(length))


def _aws_key() -> str:
    while True:
        key = "AKIA" + _random(UPPER_DIGITS, 16)
        if "EXAMPLE" not in key:
            return key


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _jwt() -> str:
    header = _b64url(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    payload = _b64url(json.dumps({"sub": _random(ALNUM, 12), "role": "admin"}).encode())
    return f"{header}.{payload}.{_b64url(secrets.token_bytes(32))}"


def _pem_body() -> list[str]:
    return [base64.b64encode(secrets.token_bytes(48)).decode() for _ in range(8)]


@dataclass(frozen=True)
class Planted:
    name: str
    values: tuple[str, ...]  # the secret, or each line of a multi-line one
    path: str
    line: int
    rules: tuple[str, ...]  # rules that must report it at (path, line); () for the safety net
    # The random parts, searched piece by piece; a JWT's base64 of `{"alg": ...`
    # starts the same in every token, and may well appear in a rule's example.
    random_parts: tuple[str, ...] = ()

    @property
    def value(self) -> str:
        return "\n".join(self.values)


@dataclass(frozen=True)
class Repo:
    root: Path
    planted: Mapping[str, Planted]


def _line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def _build(root: Path) -> Repo:
    """A repository holding one of each kind of secret, its expected findings noted."""
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    value = {
        "jwt_key": _random(ALNUM, 40),
        "hmac_key": _random(ALNUM, 40),
        "decode_key": _random(ALNUM, 40),
        "aws": _aws_key(),
        "aws_in_comment": _aws_key(),
        "aws_in_broken_python": _aws_key(),
        "github": "ghp_" + _random(ALNUM, 36),
        "github_in_broken_yaml": "ghp_" + _random(ALNUM, 36),
        "slack": "xoxb-"
        + _random(string.digits, 12)
        + "-"
        + _random(string.digits, 13)
        + "-"
        + _random(string.ascii_lowercase + string.digits, 24),
        "jwt": _jwt(),
        "unrecognised": _random(ALNUM, 32),
        "linked": _random(ALNUM, 40),
        "zipped": _aws_key(),
        "zipped_twice": "ghp_" + _random(ALNUM, 36),
        "mesh_key": _random(ALNUM, 43),  # a JWK's `k`: base64url of 32 bytes
    }
    pem_file, pem_json = _pem_body(), _pem_body()
    files: dict[str, str] = {
        "app/tokens.py": f"""import hashlib
import hmac
import os

import jwt

WEBHOOK_KEY = b"{value["hmac_key"]}"


def issue(claims):
    return jwt.encode(claims, "{value["jwt_key"]}", algorithm="HS256")


def peek(token):
    return jwt.decode(token, "{value["decode_key"]}", algorithms=["HS256"], options={{"verify_signature": False}})


def trust(token):
    return jwt.decode(token, options={{"verify_signature": False}})  # old: {value["aws_in_comment"]} {value["unrecognised"]}


def sign(body):
    return hmac.new(WEBHOOK_KEY, body, hashlib.sha256).hexdigest()


def sign_for_partner(body):
    return hmac.new(os.environ["PARTNER_API_SECRET"].encode(), body, hashlib.sha256).hexdigest()
""",
        "app/broken.py": f'import jwt\n\nLEGACY = "{value["aws_in_broken_python"]}" (\n',
        "deploy/settings.yaml": f"aws:\n  region: eu-west-1\n  access_key_id: {value['aws']}\n",
        "deploy/broken.yaml": f'release:\n  token: "{value["github_in_broken_yaml"]}\n  steps: [\n',
        ".env": f"DEBUG=false\nGITHUB_TOKEN={value['github']}\n"
        f"PARTNER_API_SECRET={value['linked']}\n",
        "config/notify.json": json.dumps(
            {"notify": {"channel": "#deploys", "slack_token": value["slack"]}}, indent=2
        )
        + "\n",
        "config/service-account.json": json.dumps(
            {
                "type": "service_account",
                "private_key": "-----BEGIN PRIVATE KEY-----\n"
                + "\n".join(pem_json)
                + "\n-----END PRIVATE KEY-----\n",
            },
            indent=2,
        )
        + "\n",
        "keys/deploy_key": "-----BEGIN RSA PRIVATE KEY-----\n"
        + "\n".join(pem_file)
        + "\n-----END RSA PRIVATE KEY-----\n",
        "docs/notes.txt": f"Staging token for manual tests: {value['jwt']}\n",
        "mesh/legacy-authn.yaml": "apiVersion: security.istio.io/v1\nkind: RequestAuthentication\n"
        "metadata:\n  name: legacy\nspec:\n  jwtRules:\n    - issuer: legacy-monolith\n"
        f'      jwks: \'{{"keys":[{{"kty":"oct","k":"{value["mesh_key"]}"}}]}}\'\n',
    }
    for relpath, text in files.items():
        target = root / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    _zip_with_a_tarball(root / "release" / "bundle.zip", value["zipped"], value["zipped_twice"])
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True)

    def at(name: str, path: str, rules: tuple[str, ...]) -> Planted:
        random_parts = (value[name].rsplit(".", 1)[1],) if name == "jwt" else ()
        line = _line_of(files[path], value[name])
        return Planted(name, (value[name],), path, line, rules, random_parts)

    planted = [
        at("hmac_key", "app/tokens.py", ("HMAC001",)),
        at("jwt_key", "app/tokens.py", ("HMAC001",)),
        at("decode_key", "app/tokens.py", ("HMAC001", "JWT001")),
        at("aws_in_comment", "app/tokens.py", ("JWT001", "SEC002")),
        at("unrecognised", "app/tokens.py", ("JWT001",)),
        at("aws_in_broken_python", "app/broken.py", ("SEC002",)),
        at("aws", "deploy/settings.yaml", ("SEC002",)),
        at("github_in_broken_yaml", "deploy/broken.yaml", ("SEC002",)),
        at("github", ".env", ("SEC002",)),
        at("linked", ".env", ("HMAC001",)),
        at("slack", "config/notify.json", ("SEC002",)),
        at("jwt", "docs/notes.txt", ("SEC002",)),
        at("mesh_key", "mesh/legacy-authn.yaml", ("HMAC001",)),
        Planted("zipped", (value["zipped"],), "release/bundle.zip!config/prod.env", 2, ("SEC002",)),
        Planted(
            "zipped_twice",
            (value["zipped_twice"],),
            "release/bundle.zip!backup.tgz!app/.env",
            1,
            ("SEC002",),
        ),
        Planted("pem_in_file", tuple(pem_file), "keys/deploy_key", 1, ("SEC002",)),
        Planted(
            "pem_in_json",
            tuple(pem_json),
            "config/service-account.json",
            _line_of(files["config/service-account.json"], "BEGIN PRIVATE KEY"),
            ("SEC002",),
        ),
    ]
    return Repo(root, {p.name: p for p in planted})


def _zip_with_a_tarball(path: Path, aws_key: str, token: str) -> None:
    """A zip holding `config/prod.env` and `backup.tgz`, which holds `app/.env`."""
    inner = io.BytesIO()
    with tarfile.open(fileobj=inner, mode="w:gz") as tarball:
        data = f"GITHUB_TOKEN={token}\n".encode()
        member = tarfile.TarInfo("app/.env")
        member.size = len(data)
        tarball.addfile(member, io.BytesIO(data))
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr("config/prod.env", f"REGION=eu-west-1\nAWS_ACCESS_KEY_ID={aws_key}\n")
        bundle.writestr("backup.tgz", inner.getvalue())


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Repo:
    return _build(tmp_path_factory.mktemp("planted"))


def _invoke(root: Path, *args: str) -> Result:
    result = CliRunner(env={"NHIGUARD_SALT": None}).invoke(
        main, ["scan", str(root), *args], catch_exceptions=False
    )
    assert result.exit_code == 1, result.stderr
    return result


@pytest.fixture(scope="module")
def report(repo: Repo) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(_invoke(repo.root, "--format", "json").stdout)
    return document


def _forms(planted: Planted) -> Iterator[str]:
    """The secret as written, encoded, and every piece longer than a mask may show."""
    for secret in planted.values:
        raw = secret.encode()
        yield secret
        yield base64.b64encode(raw).decode()
        yield _b64url(raw)
        yield raw.hex()
    for part in planted.random_parts or planted.values:
        for start in range(len(part) - WINDOW + 1):
            yield part[start : start + WINDOW]


def _leaks(text: str, planted: Mapping[str, Planted]) -> list[tuple[str, str]]:
    return sorted({(p.name, form) for p in planted.values() for form in _forms(p) if form in text})


def test_every_planted_secret_is_reported_once_by_each_expected_rule(
    repo: Repo, report: dict[str, Any]
) -> None:
    at_place = Counter((f["rule_id"], f["path"], f["line"]) for f in report["findings"])
    missing = {
        p.name: [(rule, at_place[(rule, p.path, p.line)]) for rule in p.rules]
        for p in repo.planted.values()
        if any(at_place[(rule, p.path, p.line)] != 1 for rule in p.rules)
    }
    assert missing == {}, "planted secrets not reported exactly once per rule"


@pytest.mark.parametrize(
    "name",
    [
        "hmac_key",
        "jwt_key",
        "decode_key",
        "aws",
        "aws_in_comment",
        "aws_in_broken_python",
        "github",
        "github_in_broken_yaml",
        "slack",
        "jwt",
    ],
)
def test_evidence_is_the_masked_form_and_length_of_the_whole_secret(
    name: str, repo: Repo, report: dict[str, Any]
) -> None:
    planted = repo.planted[name]
    rule = next(r for r in planted.rules if r in ("HMAC001", "SEC002"))
    [finding] = [
        f
        for f in report["findings"]
        if (f["rule_id"], f["path"], f["line"]) == (rule, planted.path, planted.line)
    ]
    secret = planted.value
    assert finding["evidence"] == {
        "masked": f"{secret[:2]}********{secret[-2:]}",
        "length": len(secret),
        "digest": None,
    }


def test_a_parse_error_is_reported_without_the_broken_line(
    repo: Repo, report: dict[str, Any]
) -> None:
    notes = [n for n in report["notifications"] if n["path"] == "app/broken.py"]
    assert notes == [
        {"path": "app/broken.py", "kind": "parse-error", "detail": "Python syntax error", "line": 3}
    ]


@pytest.mark.parametrize("destination", ["stdout", "file"])
@pytest.mark.parametrize("output_format", FORMATS)
def test_no_planted_secret_appears_in_any_output(
    output_format: str,
    destination: str,
    repo: Repo,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    target = tmp_path / f"report.{output_format}"
    args = ["--format", output_format]
    if destination == "file":
        args += ["--output", str(target)]
    result = _invoke(repo.root, *args)
    written = target.read_text(encoding="utf-8") if destination == "file" else ""
    assert (written or result.stdout).strip(), "the report is empty: the test would prove nothing"
    outputs = {
        "stdout": result.stdout,
        "stderr": result.stderr,
        "file": written,
        "logs": caplog.text,
    }
    leaked = {where: _leaks(text, repo.planted) for where, text in outputs.items()}
    assert leaked == {"stdout": [], "stderr": [], "file": [], "logs": []}


def test_the_formats_searched_include_every_documented_one() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    reports = readme.split("\n## Reports\n", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"^\| `([a-z][a-z-]*)`(?:, `([a-z-]+)`)?", reports, re.MULTILINE))
    names = {name for pair in documented for name in pair if name}
    assert len(names) == 9
    assert names <= set(FORMATS)


def _explode(self: SecretFormats, source: Source, context: Context) -> Iterator[Detection]:
    # The message quotes a secret from the file, as a careless parser error would.
    raise ValueError(f"cannot read {source.text!r}")


@pytest.mark.parametrize("output_format", FORMATS)
def test_a_failing_analyzer_leaves_only_its_exception_class_in_the_report(
    output_format: str, repo: Repo, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(SecretFormats, "analyze", _explode)
    target = tmp_path / "report"
    result = _invoke(repo.root, "--format", output_format, "--output", str(target))
    written = target.read_text(encoding="utf-8")
    assert _leaks(written + result.stdout + result.stderr, repo.planted) == []
    assert "ValueError" in written


def test_a_failing_analyzer_is_a_notification_naming_the_exception_class(
    repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(SecretFormats, "analyze", _explode)
    document = json.loads(_invoke(repo.root, "--format", "json").stdout)
    failed = [n for n in document["notifications"] if n["kind"] == "analyzer-error"]
    assert {n["path"] for n in failed} == {
        "app/broken.py",
        "app/tokens.py",
        "config/notify.json",
        "config/service-account.json",
        "deploy/broken.yaml",
        "deploy/settings.yaml",
        "release/bundle.zip!backup.tgz!app/.env",
        "release/bundle.zip!config/prod.env",
        ".env",
        "docs/notes.txt",
        "keys/deploy_key",
        "mesh/legacy-authn.yaml",
    }
    assert {(n["detail"], n["line"]) for n in failed} == {("ValueError", 0)}


def test_a_key_only_a_disabled_rule_recognises_is_still_masked_in_another_rules_snippet(
    tmp_path: Path,
) -> None:
    # Short and lower-case: the snippet safety net alone would let it through.
    key = _random(string.ascii_lowercase, 10)
    (tmp_path / "peek.py").write_text(
        "import jwt\n\n\n"
        "def peek(token):\n"
        f'    return jwt.decode(token, "{key}", options={{"verify_signature": False}})\n',
        encoding="utf-8",
    )
    config = tmp_path / ".nhiguard.toml"
    config.write_text('enable = ["JWT001"]\n', encoding="utf-8")
    result = _invoke(tmp_path, "--format", "json", "--config", str(config))
    document = json.loads(result.stdout)
    assert [(f["rule_id"], f["line"], f["snippet"]) for f in document["findings"]] == [
        (
            "JWT001",
            5,
            'return jwt.decode(token, "********", options={"verify_signature": False})',
        )
    ]


# --- --debug tracebacks -----------------------------------------------------


def _raise_with_secret(
    self: SecretFormats, source: Source, context: Context
) -> Iterator[Detection]:
    # An exception whose message, notes and cause all quote the scanned text.
    secret = source.text.strip().rpartition("=")[2]
    try:
        raise KeyError(secret)
    except KeyError as cause:
        error = ValueError(f"bad {secret}")
        error.add_note(f"while reading {secret}")
        raise error from cause


def _parse_as_python(self: SecretFormats, source: Source, context: Context) -> Iterator[Detection]:
    # A real SyntaxError: its `text` attribute is the scanned line, key included.
    ast.parse(source.text)
    yield from ()


@pytest.mark.parametrize(
    ("analyze", "error"),
    [(_raise_with_secret, "ValueError"), (_parse_as_python, "SyntaxError")],
    ids=["message-cause-and-note", "syntax-error-source-line"],
)
def test_debug_traceback_shows_our_frames_and_the_exception_type_but_no_scanned_text(
    analyze: Any, error: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = _aws_key()
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "settings.py").write_text(
        f'import jwt\nLEGACY_KEY = "{secret}" (\nKEY={secret}\n', encoding="utf-8"
    )
    monkeypatch.setattr(SecretFormats, "analyze", analyze)
    result = CliRunner().invoke(main, ["scan", str(tmp_path), "--debug"], catch_exceptions=False)
    assert result.exit_code == 2
    assert result.stderr.startswith("Traceback (most recent call last):\n")
    assert 'scanner/engine.py", line ' in result.stderr
    assert f"\n{error}: (message hidden: it may quote scanned text)\n" in result.stderr
    assert result.stderr.endswith(
        f"nhiguard: internal error: {error} (rerun with --debug for a traceback)\n"
    )
    planted = {"aws": Planted("aws", (secret,), "app/settings.py", 2, ())}
    assert _leaks(result.stdout + result.stderr, planted) == []
    assert "settings.py" not in result.stderr


# --- inline-ignore reasons ----------------------------------------------------


@pytest.mark.parametrize("output_format", FORMATS)
def test_a_secret_quoted_in_an_ignore_reason_appears_in_no_format(
    output_format: str, tmp_path: Path
) -> None:
    token = "ghp_" + _random(ALNUM, 36)
    old_key = _aws_key()
    password = _random(ALNUM, 10) + "!"
    (tmp_path / ".env").write_text(
        f"GITHUB_TOKEN={token}  # nhiguard: ignore[SEC002] rotated; prod was {old_key}, "
        f"then {token}, db pw '{password}'\n",
        encoding="utf-8",
    )
    target = tmp_path / "report"
    result = CliRunner().invoke(
        main,
        ["scan", str(tmp_path / ".env"), "--format", output_format, "-o", str(target)],
        catch_exceptions=False,
    )
    written = target.read_text(encoding="utf-8")
    planted = {
        name: Planted(name, (value,), ".env", 1, ())
        for name, value in [("token", token), ("old_key", old_key), ("password", password)]
    }
    assert _leaks(written + result.stdout + result.stderr, planted) == []
    if output_format in ("json", "sarif", "html"):  # the others list open findings only
        assert "rotated; prod was " in written
