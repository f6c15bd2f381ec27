"""The GitHub Action (`action.yml`) and the README's workflows that use it.

Checked with real tools: zizmor (from PyPI, offline audits) must report
nothing on the action, the repository's workflows and the README's
workflows; action-validator (npm `@action-validator/cli`, installed into
`.tools/` by `scripts/bootstrap-test-tools.sh`) must find them valid
against GitHub's schemas. The action's shell steps are then run as a runner
would run them (`bash --noprofile --norc -eo pipefail`, inputs through
`env:`, `$GITHUB_OUTPUT` and `$GITHUB_STEP_SUMMARY` files): once against a
recording stand-in for nhiguard to pin the command line each input builds,
and once end to end, installing nhiguard from this checkout into a
virtualenv and scanning a real git repository. The `uses:` steps
(setup-python, upload-sarif) are GitHub's and are not run here.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml
from commands import run
from external_tools import installed
from planted import aws_key
from sarif_schema import schema_errors

REPO_ROOT = Path(__file__).resolve().parents[1]
ACTION = REPO_ROOT / "action.yml"
README = REPO_ROOT / "README.md"
VALIDATOR = REPO_ROOT / ".tools" / "node_modules" / ".bin" / "action-validator"
PLACEHOLDER = "NHIGUARD_COMMIT_SHA"
_EXPRESSION = re.compile(r"^\$\{\{ (?:inputs\.([\w-]+)|steps\.([\w-]+)\.outputs\.([\w-]+)) \}\}$")


def _action() -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
    return document


def _validator() -> Path:
    return installed("ACTION_VALIDATOR", VALIDATOR, "action-validator")


def _zizmor() -> list[str]:
    found = shutil.which("zizmor")
    if found is None:
        pytest.fail("zizmor not found: pip install -e '.[test]'")
    return [found, "--offline", "--no-progress", "--format", "json"]


def _readme_workflows(tmp_path: Path) -> list[Path]:
    """The README's workflow examples, the placeholder pinned to this checkout's commit."""
    head = subprocess.run(
        ["git", "-C", str(REPO_ROOT), "rev-parse", "HEAD"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    blocks = re.findall(r"```yaml\n(.*?)```", README.read_text(encoding="utf-8"), re.DOTALL)
    folder = tmp_path / ".github" / "workflows"
    folder.mkdir(parents=True)
    written = []
    for block in blocks:
        document = yaml.safe_load(block)
        if not isinstance(document, dict) or "jobs" not in document:
            continue
        path = folder / f"{document['name']}.yml"
        path.write_text(block.replace(PLACEHOLDER, head), encoding="utf-8")
        written.append(path)
    return written


# --- the tools' verdicts ------------------------------------------------------


def test_zizmor_finds_nothing_in_the_action_and_the_repositorys_workflows() -> None:
    workflows = sorted((REPO_ROOT / ".github" / "workflows").glob("*.y*ml"))
    done = run([*_zizmor(), str(ACTION), *map(str, workflows)], REPO_ROOT, os.environ, check=False)
    assert (done.returncode, json.loads(done.stdout)) == (0, []), done.stderr


def test_zizmor_finds_nothing_in_the_readmes_workflows(tmp_path: Path) -> None:
    workflows = _readme_workflows(tmp_path)
    assert [p.name for p in workflows] == ["nhiguard.yml", "release.yml"]
    done = run([*_zizmor(), *map(str, workflows)], tmp_path, os.environ, check=False)
    assert (done.returncode, json.loads(done.stdout)) == (0, []), done.stderr


def test_action_validator_finds_the_action_schema_valid() -> None:
    done = run([str(_validator()), str(ACTION)], REPO_ROOT, os.environ, check=False)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


def test_action_validator_finds_the_readmes_workflows_schema_valid(tmp_path: Path) -> None:
    for workflow in _readme_workflows(tmp_path):
        done = run([str(_validator()), str(workflow)], tmp_path, os.environ, check=False)
        assert (workflow.name, done.returncode, done.stdout) == (workflow.name, 0, "")


# --- what the action is made of -----------------------------------------------


def test_every_action_the_action_uses_is_pinned_by_full_commit_sha() -> None:
    steps = _action()["runs"]["steps"]
    uses = [step["uses"] for step in steps if "uses" in step]
    assert [u.split("@")[0] for u in uses] == [
        "actions/setup-python",
        "github/codeql-action/upload-sarif",
    ]
    assert all(re.search(r"@[0-9a-f]{40}$", u) for u in uses), uses


def test_no_script_of_the_action_expands_an_expression() -> None:
    scripts = [step["run"] for step in _action()["runs"]["steps"] if "run" in step]
    assert len(scripts) == 4
    assert [s for s in scripts if "${{" in s] == []


def test_nhiguard_is_installed_from_the_actions_own_checkout() -> None:
    install = next(s for s in _action()["runs"]["steps"] if s.get("name", "").startswith("Install"))
    assert 'pip install --quiet --disable-pip-version-check "$GITHUB_ACTION_PATH"' in install["run"]


# --- the shell steps, run as a runner runs them --------------------------------


@dataclass
class Runner:
    """Just enough of a runner to run the action's `run:` steps in order."""

    workspace: Path
    temp: Path
    inputs: Mapping[str, str]
    outputs: dict[str, dict[str, str]] = field(default_factory=dict)
    log: list[str] = field(default_factory=list)

    def value(self, expression: str) -> str:
        match = _EXPRESSION.match(expression)
        assert match is not None, f"an expression the runner stand-in does not know: {expression}"
        name, step, key = match.groups()
        if name is not None:
            default = _action()["inputs"][name].get("default", "")
            return self.inputs.get(name, str(default))
        return self.outputs.get(step, {}).get(key, "")

    def step(self, step: Mapping[str, Any]) -> int:
        output = self.temp / "github_output"
        output.write_text("")
        env = {
            **os.environ,
            "GITHUB_ACTION_PATH": str(REPO_ROOT),
            "RUNNER_TEMP": str(self.temp),
            "GITHUB_OUTPUT": str(output),
            "GITHUB_STEP_SUMMARY": str(self.temp / "step_summary.md"),
            **{name: self.value(str(expr)) for name, expr in step.get("env", {}).items()},
        }
        env.pop("PYTHONPATH", None)  # nhiguard must come from the virtualenv
        done = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
            cwd=self.workspace,
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
        )
        self.log.append(done.stdout + done.stderr)
        if "id" in step:
            pairs = (line.partition("=") for line in output.read_text().splitlines())
            self.outputs[step["id"]] = {k: v for k, _, v in pairs}
        return done.returncode

    def run_all(self) -> list[int]:
        """Every step's exit code; a `uses:` step is replaced by the outputs it would give."""
        codes = []
        for step in _action()["runs"]["steps"]:
            if "uses" in step:
                if step.get("id") == "python":
                    self.outputs["python"] = {"python-path": sys.executable}
                continue
            codes.append(self.step(step))
            if codes[-1] and not step["run"].startswith("exit"):
                break
        return codes


def _recording_nhiguard(temp: Path) -> Path:
    """A stand-in for the installed command that writes its arguments, one a line."""
    calls = temp / "calls.txt"
    binary = temp / "nhiguard-venv" / "bin" / "nhiguard"
    binary.parent.mkdir(parents=True)
    binary.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > "{calls}"\nexit 1\n')
    binary.chmod(0o755)
    return calls


def _scan_step() -> dict[str, Any]:
    return next(s for s in _action()["runs"]["steps"] if s.get("id") == "scan")


@pytest.mark.parametrize(
    ("inputs", "arguments"),
    [
        ({}, ["--", "."]),
        ({"fail-on": "high"}, ["--fail-on", "high", "--", "."]),
        (
            {"baseline": ".nhiguard-baseline.json", "paths": "src\n  deploy/prod.env  "},
            ["--baseline", ".nhiguard-baseline.json", "--", "src", "deploy/prod.env"],
        ),
        ({"paths": "--version"}, ["--", "--version"]),
        ({"paths": "$(touch pwned) ; `id`"}, ["--", "$(touch", "pwned)", ";", "`id`"]),
    ],
    ids=["defaults", "fail-on", "baseline-and-paths", "path-like-an-option", "shell-in-a-path"],
)
def test_each_input_reaches_nhiguard_as_its_own_arguments(
    inputs: dict[str, str], arguments: list[str], tmp_path: Path
) -> None:
    calls = _recording_nhiguard(tmp_path)
    (tmp_path / "nhiguard.json").write_text("{}")  # an earlier use's result in the same job
    runner = Runner(workspace=tmp_path, temp=tmp_path, inputs=inputs)
    assert runner.step(_scan_step()) == 0
    assert not (tmp_path / "nhiguard.json").exists()
    assert runner.outputs["scan"] == {"exit-code": "1"}
    result = str(tmp_path / "nhiguard.json")
    assert calls.read_text().splitlines() == [
        "scan",
        "--format",
        "json",
        "--output",
        result,
        *arguments,
    ]
    assert not (tmp_path / "pwned").exists()


def test_no_result_is_said_in_the_summary_and_no_sarif_is_uploaded(tmp_path: Path) -> None:
    python = tmp_path / "nhiguard-venv" / "bin" / "python"  # the checkout, as if installed
    python.parent.mkdir(parents=True)
    python.write_text(f'#!/bin/sh\nPYTHONPATH="{REPO_ROOT}" exec "{sys.executable}" "$@"\n')
    python.chmod(0o755)
    runner = Runner(workspace=tmp_path, temp=tmp_path, inputs={})
    runner.outputs["scan"] = {"exit-code": "2"}
    report = next(s for s in _action()["runs"]["steps"] if s.get("id") == "report")
    assert runner.step(report) == 0
    assert runner.outputs["report"] == {"sarif": "false"}
    assert (tmp_path / "step_summary.md").read_text() == (
        "### nhiguard\n\nNo result was written (exit code 2: nhiguard failed: see the job log).\n"
    )


@dataclass(frozen=True)
class Ran:
    codes: list[int]
    runner: Runner
    workspace: Path
    key: str


@pytest.fixture(scope="module")
def ran(tmp_path_factory: pytest.TempPathFactory) -> Ran:
    """The action run end to end on a repository with one leaked key (installs nhiguard: ~1 min)."""
    workspace = tmp_path_factory.mktemp("workspace")
    temp = tmp_path_factory.mktemp("runner_temp")
    key = aws_key()
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull}
    run(["git", "init", "-q", "-b", "main"], workspace, env)
    (workspace / "deploy").mkdir()
    (workspace / "deploy" / "prod.env").write_text(f"REGION=eu-west-1\nAWS_ACCESS_KEY_ID={key}\n")
    (workspace / "app.py").write_text("def add(a, b):\n    return a + b\n")
    run(["git", "add", "-A"], workspace, env)
    runner = Runner(workspace=workspace, temp=temp, inputs={"fail-on": "high"})
    return Ran(runner.run_all(), runner, workspace, key)


def test_the_action_fails_the_job_on_a_leaked_key(ran: Ran) -> None:
    assert ran.codes == [0, 0, 0, 1], ran.runner.log
    assert ran.runner.outputs["scan"] == {"exit-code": "1"}
    assert ran.runner.outputs["report"] == {"sarif": "true"}


def test_the_action_writes_schema_valid_sarif_with_the_finding(ran: Ran) -> None:
    document = json.loads((ran.workspace / "nhiguard.sarif").read_text())
    assert schema_errors(document) == []
    results = document["runs"][0]["results"]
    assert [
        (
            r["ruleId"],
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
        )
        for r in results
    ] == [("SEC002", "deploy/prod.env", 2)]


def test_the_action_writes_the_job_summary(ran: Ran) -> None:
    summary = (ran.runner.temp / "step_summary.md").read_text()
    assert summary.startswith(
        "### nhiguard: 1 findings (1 high)\n\n"
        "Exit code 1: findings (or files not analysed) at the gate.\n\n"
        "| rule | name | level | findings |\n|---|---|---|---|\n"
        "| SEC002 | known-credential-format | high | 1 |\n\n"
        "2 files scanned in "
    )
    assert summary.endswith(
        "; 0 suppressed; 0 files not read in full (too large or unreadable); "
        "0 files not fully analysed; 0 ignore comments that do nothing.\n"
    )


def test_the_action_prints_the_report_and_a_summary_line_in_the_log_without_the_key(
    ran: Ran,
) -> None:
    log = "".join(ran.runner.log)
    assert "nhiguard: 2 files: 1 findings (1 high; SEC002 1), 0 suppressed; report in " in log
    assert "deploy/prod.env\n      2:19  HIGH     SEC002 known-credential-format" in log
    assert ran.key not in log
    assert ran.key not in (ran.workspace / "nhiguard.sarif").read_text()
