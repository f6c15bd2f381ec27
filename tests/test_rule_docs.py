"""Rule pages are generated from the catalog, complete, and never stale."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from scanner import catalog, ruledoc

ROOT = Path(__file__).resolve().parent.parent
SECTIONS = (
    "## What it does",
    "## Why is this bad?",
    "## Example",
    "## Use instead",
    "## Known limitations",
    "## Mapped controls",
    "## References",
)


def test_generated_rule_pages_match_the_catalog():
    done = subprocess.run(
        [sys.executable, "scripts/generate_rule_docs.py", "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + "run: python scripts/generate_rule_docs.py"


@pytest.mark.parametrize("rule", catalog.load(), ids=lambda r: r.id)
def test_every_rule_page_has_every_section_filled(rule):
    page = ruledoc.render_markdown(rule)
    for section in SECTIONS:
        assert section in page
        body = page.split(section, 1)[1].split("\n## ", 1)[0]
        assert body.strip(), f"{rule.id}: {section} is empty"
    assert "# expect:" not in page


def test_example_code_drops_test_annotations():
    (example,) = [e for e in catalog.find(catalog.load(), "JWT001").bad[:1]]
    assert "expect" not in ruledoc.example_code(example)
    assert 'options={"verify_signature": False}' in ruledoc.example_code(example)
