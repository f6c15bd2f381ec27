"""Scanned text reaches no output channel raw (DESIGN.md, invariant 6).

A repository whose file names and contents carry a newline followed by a
GitHub Actions command (`::warning ...::`), a carriage return, ESC, a C1
control, a bidi override (U+202E), a zero-width space and a line separator,
plus a Markdown link in a YAML key, is scanned into every format. Each
channel must show those characters as visible escapes (`\\x0a`, `\\u202e`),
SARIF messages must not carry an unescaped `[`, and JSON must still hold the
exact path when parsed back.
"""

from __future__ import annotations

import json
import secrets
import string
import unicodedata
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from click.testing import CliRunner, Result

from scanner import escape
from scanner.cli import main

# Every kind of character an attacker would use to forge or hide text.
FORGED = "\n::warning file=app.py,line=1::all clear\r\x1b[2K\x85\u202e\u200b\u2028\x7f"
HOSTILE_DIR = f"deploy{FORGED}"
HOSTILE_NAME = f"{HOSTILE_DIR}/settings.yaml"
HOSTILE_ENV = f"{HOSTILE_DIR}/.env"
BROKEN_NAME = f"app/broken{FORGED}.py"
LINK = "[click here](https://evil.example/login)"
KEY = f"\u202e{LINK} api_token"
REASON = f"rotated \u202e {LINK}\x1b[31m"


def _unsafe(text: str, allowed: str = "\n") -> list[str]:
    return sorted({f"U+{ord(c):04X}" for c in text if c not in allowed and escape.is_unsafe(c)})


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("escaping")
    secret = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32))
    ignored = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32))
    (root / HOSTILE_DIR).mkdir()
    (root / HOSTILE_NAME).write_text(f'"{KEY}": {secret}\n', encoding="utf-8")
    (root / HOSTILE_ENV).write_text(
        f"OTHER_TOKEN={ignored}  # nhiguard: ignore[SEC001] {REASON}\n", encoding="utf-8"
    )
    (root / "app").mkdir()
    (root / BROKEN_NAME).write_text("import jwt\n\ndef broken(:\n", encoding="utf-8")
    return root


def _scan(root: Path, *args: str) -> Result:
    result = CliRunner().invoke(main, ["scan", str(root), *args], catch_exceptions=False)
    assert result.exit_code == 1, result.stderr
    return result


def test_the_scan_reports_what_each_channel_must_escape(root: Path) -> None:
    document = json.loads(_scan(root, "--format", "json").stdout)
    assert [
        (f["rule_id"], f["path"], f["line"], f["suppression"] is not None)
        for f in document["findings"]
    ] == [
        ("SEC001", HOSTILE_ENV, 1, True),
        ("SEC001", HOSTILE_NAME, 1, False),
    ]
    assert [(n["path"], n["kind"]) for n in document["notifications"]] == [
        (BROKEN_NAME, "parse-error")
    ]


def test_json_escapes_every_unsafe_character_and_parses_back_to_the_exact_text(
    root: Path,
) -> None:
    raw = _scan(root, "--format", "json").stdout
    assert _unsafe(raw) == []
    assert "\\u202e" in raw and "\\u2028" in raw and "\\u0085" in raw and "\\u007f" in raw
    document = json.loads(raw)
    assert document["findings"][1]["message"] == f"'{KEY}' holds a literal credential"
    assert document["notifications"][0]["path"] == BROKEN_NAME


def test_text_report_shows_escapes_and_no_forged_log_line(root: Path) -> None:
    out = _scan(root).stdout
    assert _unsafe(out) == []
    assert not any(line.startswith("::") for line in out.splitlines())
    shown = escape.visible(HOSTILE_NAME)
    assert shown == (
        "deploy\\x0a::warning file=app.py,line=1::all clear\\x0d\\x1b[2K\\x85"
        "\\u202e\\u200b\\u2028\\x7f/settings.yaml"
    )
    assert f"{shown}\n" in out
    assert f"SEC001 secret-in-config: '\\u202e{LINK} api_token' holds" in out
    assert f"not fully analysed: {escape.visible(BROKEN_NAME)}:3 (parse-error" in out


def _sarif(root: Path) -> dict[str, Any]:
    raw = _scan(root, "--format", "sarif").stdout
    assert _unsafe(raw) == []
    document: dict[str, Any] = json.loads(raw)
    return document


def _messages(run: dict[str, Any]) -> list[str]:
    texts = [r["message"]["text"] for r in run["results"]]
    texts += [n["message"]["text"] for n in run["invocations"][0]["toolExecutionNotifications"]]
    return texts


def test_sarif_messages_are_visible_text_with_brackets_escaped(root: Path) -> None:
    run = _sarif(root)["runs"][0]
    texts = _messages(run)
    for text in texts:
        assert _unsafe(text, allowed="") == [], text
        unescaped = text.replace("\\[", "").replace("\\]", "")
        assert "[" not in unescaped and "]" not in unescaped, text
    assert texts[1] == (
        "'\\u202e\\[click here\\](https://evil.example/login) api_token' holds a literal credential"
    )
    assert texts[-1].startswith(escape.sarif_message(BROKEN_NAME) + ": ")


def test_sarif_snippets_and_suppression_reasons_are_visible_text(root: Path) -> None:
    run = _sarif(root)["runs"][0]
    snippets = [
        r["locations"][0]["physicalLocation"]["contextRegion"]["snippet"]["text"]
        for r in run["results"]
    ]
    [suppressed] = [r for r in run["results"] if "suppressions" in r]
    justification = suppressed["suppressions"][0]["justification"]
    for text in [*snippets, justification]:
        assert _unsafe(text, allowed="") == [], text
    assert "\\u202e" in justification and "\\x1b" in justification


def test_sarif_uris_hold_the_exact_name_percent_encoded(root: Path) -> None:
    run = _sarif(root)["runs"][0]
    uri = run["results"][1]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri.startswith("deploy%0A%3A%3Awarning%20file%3Dapp.py")
    assert uri.endswith("%E2%80%AE%E2%80%8B%E2%80%A8%7F/settings.yaml")


def test_html_shows_escapes_in_text_and_attributes(root: Path, tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    _scan(root, "--format", "html", "--output", str(target))
    page = target.read_text(encoding="utf-8")
    assert _unsafe(page) == []
    assert escape.visible(HOSTILE_NAME) in page
    assert "rotated \\u202e" in page
    assert "\\u202e" in page


def test_github_annotations_encode_what_would_end_or_forge_a_command(root: Path) -> None:
    out = _scan(root, "--format", "github").stdout
    assert _unsafe(out) == []
    # One unsuppressed finding and one file not parsed: two commands, nothing forged.
    [finding, broken] = out.splitlines()

    def encoded(name: str) -> str:
        return escape.visible(name).replace("%", "%25").replace(":", "%3A").replace(",", "%2C")

    assert finding.startswith(f"::error file={encoded(HOSTILE_NAME)},line=1,col=")
    assert finding.endswith(f"::'\\u202e{LINK} api_token' holds a literal credential")
    assert broken == (
        f"::warning file={encoded(BROKEN_NAME)},line=3,title=nhiguard::"
        "not fully analysed (parse-error: Python syntax error)"
    )


def test_gitlab_descriptions_render_no_link_from_scanned_text(root: Path) -> None:
    for output_format in ("gitlab-secrets", "gitlab-sast"):
        raw = _scan(root, "--format", output_format).stdout
        assert _unsafe(raw) == []
        for vulnerability in json.loads(raw)["vulnerabilities"]:
            assert LINK not in vulnerability["description"]
            assert "\\[click here\\]\\(https://evil" in vulnerability["description"]


def test_junit_and_code_quality_show_escapes_and_parse(root: Path) -> None:
    junit = _scan(root, "--format", "junit").stdout
    assert _unsafe(junit) == []
    tree = ElementTree.fromstring(junit)
    [failure] = tree.iter("failure")
    assert failure.get("message", "").startswith(escape.visible(HOSTILE_NAME) + ":1:")
    issues = json.loads(_scan(root, "--format", "codeclimate").stdout)
    assert [(i["check_name"], i["location"]["path"]) for i in issues] == [
        ("SEC001", HOSTILE_NAME),
        ("nhiguard/parse-error", BROKEN_NAME),
    ]
    assert all(_unsafe(i["description"], allowed="") == [] for i in issues)


def test_stderr_shows_a_hostile_config_path_escaped(root: Path, tmp_path: Path) -> None:
    config = tmp_path / f"nhiguard{FORGED}.toml"
    config.write_text("fail-on = [\n", encoding="utf-8")
    result = CliRunner().invoke(
        main, ["scan", str(root), "--config", str(config)], catch_exceptions=False
    )
    assert result.exit_code == 2
    assert _unsafe(result.stderr) == []
    assert len(result.stderr.splitlines()) == 1
    assert escape.visible(str(config)) in result.stderr


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("plain ascii [x](y)", "plain ascii [x](y)"),
        ("tab\tnewline\ncr\rnul\x00", "tab\\x09newline\\x0acr\\x0dnul\\x00"),
        ("del\x7f c1\x9b nel\x85", "del\\x7f c1\\x9b nel\\x85"),
        ("bidi\u202a\u202e\u2066\u2069", "bidi\\u202a\\u202e\\u2066\\u2069"),
        ("zero\u200bwidth\ufeff", "zero\\u200bwidth\\ufeff"),
        ("lines\u2028\u2029", "lines\\u2028\\u2029"),
        ("undecodable \udcff byte", "undecodable \\xff byte"),
        ("lone high surrogate \ud800", "lone high surrogate \\ud800"),
        ("tag \U000e0041", "tag \\U000e0041"),
        ("accents é ü 日本 🔑 stay", "accents é ü 日本 🔑 stay"),
    ],
    ids=[
        "ascii",
        "c0",
        "del-and-c1",
        "bidi",
        "zero-width",
        "separators",
        "file-name-byte",
        "other-surrogate",
        "astral-format",
        "printable-unicode",
    ],
)
def test_visible_escapes_exactly_the_unsafe_categories(text: str, shown: str) -> None:
    assert escape.visible(text) == shown
    assert all(
        unicodedata.category(c) not in {"Cc", "Cf", "Cs", "Zl", "Zp"} for c in escape.visible(text)
    )


def test_sarif_message_escapes_brackets_after_making_text_visible() -> None:
    assert escape.sarif_message("[a](b)\u202e \\[") == "\\[a\\](b)\\u202e \\\\["


def test_json_document_round_trips_every_unsafe_character() -> None:
    value = {"path": FORGED + "\udcff\U000e0041"}
    dumped = escape.json_document(json.dumps(value, indent=2, ensure_ascii=False))
    assert _unsafe(dumped) == []
    assert json.loads(dumped) == value
