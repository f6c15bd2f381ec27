"""Write docs/rules/<ID>.md and the index from rules/*.yaml; never edit those files by hand.

python scripts/generate_rule_docs.py          # write
python scripts/generate_rule_docs.py --check  # exit 1 when a page is stale
"""

from __future__ import annotations

import sys
from pathlib import Path

from scanner import catalog, ruledoc

DOCS = Path(__file__).resolve().parent.parent / "docs" / "rules"


def pages() -> dict[Path, str]:
    rules = catalog.load()
    rows = "\n".join(
        f"| [{r.id}]({r.id}.md) | {r.name} | {r.title} | {r.severity} {r.level.value} |"
        for r in rules
    )
    index = (
        "# nhiguard rules\n\nGenerated from `rules/*.yaml` by `scripts/generate_rule_docs.py`.\n\n"
        f"| id | name | title | severity |\n|---|---|---|---|\n{rows}\n"
    )
    return {
        DOCS / "README.md": index,
        **{DOCS / f"{r.id}.md": ruledoc.render_markdown(r) for r in rules},
    }


def main() -> int:
    wanted = pages()
    if "--check" in sys.argv:
        stale = [p for p, text in wanted.items() if not p.exists() or p.read_text() != text]
        extra = [p for p in DOCS.glob("*.md") if p not in wanted]
        for path in (*stale, *extra):
            print(f"stale: {path.relative_to(DOCS.parent.parent)}")
        return 1 if stale or extra else 0
    DOCS.mkdir(parents=True, exist_ok=True)
    for path, text in wanted.items():
        path.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
