"""A real git repository in a temp folder, holding the given files: what a scan of a project sees."""

from __future__ import annotations

import subprocess
from pathlib import Path


def git_repo(root: Path, files: dict[str, str]) -> Path:
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root
