"""Where the test suite finds the external tools `scripts/bootstrap-test-tools.sh` installs."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest


def installed(variable: str, default: Path, what: str) -> Path:
    """The tool named by `variable`, else at `default`; a clear failure when it is missing."""
    configured = os.environ.get(variable)
    tool = Path(configured) if configured else default
    if not tool.is_file():
        pytest.fail(
            f"{what} not found at {tool}. Install it with "
            f"`scripts/bootstrap-test-tools.sh` (needs npm), or set {variable} "
            f"to the path of the {what} binary.",
            pytrace=False,
        )
    if not os.access(tool, os.X_OK):
        tool.chmod(tool.stat().st_mode | stat.S_IXUSR)
    return tool
