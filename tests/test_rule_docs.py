"""Rule pages and README's rule table are generated from the catalog, complete, and never stale."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from annotations import expected
from click.testing import CliRunner
from markdown_it import MarkdownIt

from scanner import catalog, ruledoc
from scanner.cli import main
from scanner.configuration import Config, load
from scanner.discovery import classify
from scanner.engine import scan_text
from scanner.frameworks import csf_uri, cwe_uri
from scanner.model import Example, Rule

ROOT = Path(__file__).resolve().parent.parent
RULES = catalog.load()
SECTIONS = (
    "What it does",
    "Why is this bad?",
    "Example",
    "Use instead",
    "Examples",
    "Known limitations",
    "How it decides",
    "Known false negatives / false positives",
    "Suppressing a finding",
    "Mapped controls",
    "References",
)
_MARKDOWN = MarkdownIt("commonmark").enable("table")


def _page(rule: Rule) -> str:
    return (ROOT / "docs" / "rules" / f"{rule.id}.md").read_text(encoding="utf-8")


def _headings(text: str) -> list[tuple[int, int, str]]:
    """(line index, level, title) of each heading, as a Markdown reader sees them (not in code)."""
    tokens = _MARKDOWN.parse(text)
    return [
        (token.map[0], int(token.tag[1:]), tokens[i + 1].content)
        for i, token in enumerate(tokens)
        if token.type == "heading_open" and token.map is not None
    ]


def _section(text: str, title: str) -> str:
    """The lines under the heading `title` up to the next heading of its level or higher."""
    headings = _headings(text)
    ((start, level),) = [(line, lvl) for line, lvl, name in headings if name == title]
    ends = [line for line, lvl, _ in headings if line > start and lvl <= level]
    return "\n".join(text.splitlines()[start + 1 : min(ends, default=None)])


def _links(text: str) -> list[tuple[str, str]]:
    """(text, target) of every link and autolink a Markdown reader finds."""
    found = []
    for block in _MARKDOWN.parse(text):
        children = block.children or []
        for i, token in enumerate(children):
            if token.type == "link_open":
                found.append((children[i + 1].content, str(token.attrGet("href"))))
    return found


def _examples(rule: Rule) -> list[pytest.param]:
    return [
        pytest.param(rule, example, id=f"{rule.id}-{group}-{index}")
        for group in ("bad", "good", "limits")
        for index, example in enumerate(getattr(rule, group))
    ]


def test_generated_rule_pages_and_readme_table_match_the_catalog():
    done = subprocess.run(
        [sys.executable, "scripts/generate_rule_docs.py", "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + "run: python scripts/generate_rule_docs.py"


def test_readme_table_has_one_row_per_rule_linked_to_its_page():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("<!-- rules:start", 1)[1].split("<!-- rules:end -->", 1)[0]
    links = _links(table)
    assert links == [(r.id, f"docs/rules/{r.id}.md") for r in RULES]
    for _, target in links:
        assert (ROOT / target).is_file(), target


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_explain_prints_the_generated_page(rule):
    result = CliRunner().invoke(main, ["explain", rule.id], catch_exceptions=False)
    assert result.exit_code == 0
    assert result.stdout == _page(rule)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_every_rule_page_has_every_section_filled(rule):
    page = _page(rule)
    titles = [title for _, _, title in _headings(page)]
    assert [t for t in titles if t in SECTIONS] == list(SECTIONS)
    for title in SECTIONS:
        assert _section(page, title).strip(), f"{rule.id}: {title} is empty"
    assert ("Known misses" in titles) == bool(rule.limits)
    assert "expect:" not in page


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_limitations_are_shown_split_as_the_yaml_writes_them(rule):
    page = _page(rule)
    assert _section(page, "How it decides").strip() == rule.limitations.how_it_decides
    assert (
        _section(page, "Known false negatives / false positives").strip()
        == rule.limitations.false_results
    )


@pytest.mark.parametrize(("rule", "example"), [c for r in RULES for c in _examples(r)])
def test_every_example_is_shown_with_its_why_under_its_input_family(rule, example):
    section = _section(_page(rule), "Known misses" if example in rule.limits else "Examples")
    shown = _section(section, ruledoc.input_family(classify(example.path)).value)
    caption = f"in `{example.path}`" + (f": {example.why}" if example.why else "")
    assert f"{caption}\n\n```" in shown
    assert ruledoc.example_code(example) in shown


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_every_link_of_a_page_is_an_absolute_https_url(rule):
    links = _links(_page(rule))
    assert len(links) >= len(rule.references) + 3
    for _, target in links:
        parts = urlsplit(target)
        assert parts.scheme == "https" and parts.netloc and " " not in target, target


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_mapped_controls_link_to_owasp_nist_and_mitre(rule):
    links = dict(_links(_section(_page(rule), "Mapped controls")))
    nhi = rule.frameworks.owasp_nhi
    assert links == {
        **{item: ruledoc.nhi_uri(item) for item in nhi},
        **{item: csf_uri(item) for item in rule.frameworks.nist_csf},
        **{f"CWE-{number}": cwe_uri(number) for number in rule.frameworks.cwe},
    }
    for item in nhi:
        number = item.removeprefix("NHI").removesuffix(":2025")
        assert re.fullmatch(
            rf"https://owasp\.org/www-project-non-human-identities-top-10/2025/{number}-[a-z-]+/",
            links[item],
        )
    for item in rule.frameworks.nist_csf:
        assert links[item] == (
            "https://csrc.nist.gov/projects/cprt/catalog#/cprt/framework/version/CSF_2_0_0/home"
            f"?element={item}"
        )
    for number in rule.frameworks.cwe:
        assert links[f"CWE-{number}"] == f"https://cwe.mitre.org/data/definitions/{number}.html"


def _with_ignores(rule: Rule, example: Example) -> str:
    """The example with the page's ignore comment alone above every line it reports."""
    lines = example.code.splitlines()
    for line in sorted(n for n, rule_id in expected(example.code) if rule_id == rule.id):
        target = lines[line - 1]
        indent = target[: len(target) - len(target.lstrip())]
        lines[line - 1] = f"{indent}{ruledoc.ignore_comment(rule.id, example.path)}\n{target}"
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("rule", "example"),
    [
        pytest.param(rule, example, id=f"{rule.id}-{example.path}")
        for rule in RULES
        for example in ruledoc.suppression_examples(rule)
    ],
)
def test_the_ignore_comment_a_page_shows_accepts_the_findings(rule, example):
    assert ruledoc.suppression_snippet(rule.id, example) in _page(rule)
    config = Config(rule_parameters={rule.id: dict(example.parameters)})
    findings = [
        f
        for f in scan_text(example.path, _with_ignores(rule, example), config, RULES).findings
        if f.rule_id == rule.id
    ]
    wanted = {pair for pair in expected(example.code) if pair[1] == rule.id}
    assert len(findings) == len(wanted)
    assert {(f.suppression.kind if f.suppression else None) for f in findings} == {"inline"}


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_the_per_file_ignores_a_page_shows_is_a_valid_setting(rule, tmp_path):
    block = _section(_page(rule), "Suppressing a finding").split("```toml\n")[1]
    (tmp_path / "pyproject.toml").write_text(block.split("```")[0], encoding="utf-8")
    config = load(tmp_path / "pyproject.toml", RULES)
    assert config.per_file_ignores == {ruledoc.PER_FILE_IGNORES_GLOB: (rule.id,)}


def test_suppression_snippet_puts_the_comment_above_the_reported_line():
    jwt001 = catalog.find(RULES, "JWT001")
    assert jwt001 is not None
    assert ruledoc.suppression_snippet("JWT001", jwt001.bad[0]) == (
        "# nhiguard: ignore[JWT001] <why this finding is accepted>\n"
        'claims = jwt.decode(token, options={"verify_signature": False})\n'
    )


def test_json_and_jenkinsfile_take_a_slash_comment():
    assert ruledoc.ignore_comment("SEC001", "config/realm-export.jsonc").startswith("// ")
    assert ruledoc.ignore_comment("CI001", "Jenkinsfile").startswith("// ")
    assert ruledoc.ignore_comment("SEC001", ".env.production").startswith("# ")


def test_example_code_drops_test_annotations():
    (example,) = [e for e in catalog.find(RULES, "JWT001").bad[:1]]  # type: ignore[union-attr]
    assert "expect" not in ruledoc.example_code(example)
    assert 'options={"verify_signature": False}' in ruledoc.example_code(example)
