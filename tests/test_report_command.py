"""`nhiguard report` renders a saved JSON result in any format without scanning again."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from scanner.cli import main

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "vulnerable_app"


@pytest.fixture
def saved(tmp_path: Path) -> Path:
    shutil.copytree(EXAMPLE, tmp_path / "app")
    out = tmp_path / "result.json"
    done = CliRunner().invoke(
        main,
        ["scan", str(tmp_path / "app"), "--format", "json", "-o", str(out)],
        catch_exceptions=False,
    )
    assert done.exit_code == 1
    return out


def test_json_rendered_from_a_saved_result_is_the_saved_result(saved: Path) -> None:
    done = CliRunner().invoke(
        main, ["report", str(saved), "--format", "json"], catch_exceptions=False
    )
    assert done.exit_code == 0
    assert json.loads(done.output) == json.loads(saved.read_text())


@pytest.mark.parametrize(
    ("fmt", "marker"),
    [("html", "<!DOCTYPE html>"), ("sarif", '"version": "2.1.0"'), ("text", "JWT001")],
)
def test_a_saved_result_renders_in_every_format(
    saved: Path, tmp_path: Path, fmt: str, marker: str
) -> None:
    out = tmp_path / f"report.{fmt}"
    done = CliRunner().invoke(
        main, ["report", str(saved), "--format", fmt, "-o", str(out)], catch_exceptions=False
    )
    assert done.exit_code == 0
    assert marker in out.read_text()


def test_rendering_over_the_saved_result_is_refused_and_keeps_it(saved: Path) -> None:
    before = saved.read_text(encoding="utf-8")
    done = CliRunner().invoke(
        main, ["report", str(saved), "--format", "html", "-o", str(saved)], catch_exceptions=False
    )
    assert done.exit_code == 2
    assert done.stderr == (
        f"nhiguard: error: --output {saved} is the result being rendered: "
        "the report would overwrite it\n"
    )
    assert saved.read_text(encoding="utf-8") == before


def test_a_file_that_is_not_a_result_exits_2_with_one_line(tmp_path: Path) -> None:
    bogus = tmp_path / "other.json"
    bogus.write_text('{"hello": "world"}')
    done = CliRunner().invoke(main, ["report", str(bogus)], catch_exceptions=False)
    assert done.exit_code == 2
    assert "not an nhiguard JSON result" in done.output
    assert "Traceback" not in done.output
