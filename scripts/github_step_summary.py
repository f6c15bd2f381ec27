"""Print the GitHub job summary of a saved nhiguard JSON result (used by action.yml).

Usage: github_step_summary.py RESULT.json EXIT_CODE  (a missing result is said so)
"""

from __future__ import annotations

import sys
from pathlib import Path

from scanner import catalog
from scanner.console import markdown_summary
from scanner.errors import NhiguardError
from scanner.report.load import read


def main(argv: list[str]) -> int:
    path, code = Path(argv[0]), int(argv[1] or "2")
    try:
        result = read(path, catalog.load()) if path.is_file() else None
    except NhiguardError:
        result = None
    sys.stdout.write(markdown_summary(result, code))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
