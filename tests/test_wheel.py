"""The wheel users get: built from this tree, installed into a fresh venv, run elsewhere.

An editable install reads `rules/` from the checkout, so it cannot tell whether
the catalog ships as package data. Here the wheel is built from a copy of the
working tree, installed with its dependencies from the package index into a
new virtualenv, and run from a folder outside any checkout.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import zipfile
from pathlib import Path

import pytest
from commands import run

REPO_ROOT = Path(__file__).resolve().parents[1]

# What examples/vulnerable_app plants (its files say so); other rules may add to it.
PLANTED = {
    ("HMAC001", "app/auth.py", 7),
    ("JWT001", "app/auth.py", 15),
    ("JWT002", "app/auth.py", 19),
    ("JWT002", "app/auth.py", 23),
    ("HMAC001", "app/webhooks.py", 9),
    ("SEC002", "deploy/settings.yaml", 4),
    ("HMAC001", "deploy/.env.production", 3),
}
PLANTED_SECRETS = (
    "orders-signing-key-2f9c7e1a4b8d",
    "whsec_7Hq2Lx9Pz4Rv1Nc8",
    "AKIAZ7Q4W2E9R5T1Y3U6",
    "Kd8vQ2nLx7Wm4Rt9Zp3Bc6Hy1Jf5Gs0u",
)


@pytest.fixture(scope="module")
def clean_env() -> dict[str, str]:
    """No PYTHONPATH or active venv that could let the checkout leak into the test."""
    drop = ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "NO_COLOR")
    return {k: v for k, v in os.environ.items() if k not in drop}


@pytest.fixture(scope="module")
def source_copy(tmp_path_factory: pytest.TempPathFactory, clean_env: dict[str, str]) -> Path:
    """The working tree's tracked and untracked, not ignored, files: what a release builds."""
    listed = run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        REPO_ROOT,
        clean_env,
    ).stdout
    copy = tmp_path_factory.mktemp("source") / "nhiguard"
    for name in sorted(set(filter(None, listed.split("\0")))):
        source = REPO_ROOT / name
        if source.is_file() and not source.is_symlink():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, copy / name)
    return copy


@pytest.fixture(scope="module")
def wheel(
    tmp_path_factory: pytest.TempPathFactory, source_copy: Path, clean_env: dict[str, str]
) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(source_copy)],
        source_copy,
        clean_env,
    )
    (built,) = dist.glob("nhiguard-*.whl")
    return built


@pytest.fixture(scope="module")
def venv_bin(
    tmp_path_factory: pytest.TempPathFactory, wheel: Path, clean_env: dict[str, str]
) -> Path:
    venv = tmp_path_factory.mktemp("venv") / "env"
    run([sys.executable, "-m", "venv", str(venv)], venv.parent, clean_env)
    run([str(venv / "bin" / "python"), "-m", "pip", "install", str(wheel)], venv.parent, clean_env)
    return venv / "bin"


@pytest.fixture(scope="module")
def outside(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder in no checkout, with a copy of the bundled vulnerable example."""
    folder = tmp_path_factory.mktemp("elsewhere")
    shutil.copytree(REPO_ROOT / "examples" / "vulnerable_app", folder / "vulnerable_app")
    return folder


def catalog_ids(source: Path) -> set[str]:
    return {path.stem for path in (source / "rules").glob("*.yaml")}


def test_wheel_ships_every_rule_file_as_package_data(wheel: Path, source_copy: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        shipped = {
            Path(name).stem
            for name in archive.namelist()
            if name.startswith("scanner/rules/") and name.endswith(".yaml")
        }
    assert shipped == catalog_ids(source_copy)


def test_installed_package_is_the_wheel_not_the_checkout(
    venv_bin: Path, outside: Path, clean_env: dict[str, str]
) -> None:
    done = run(
        [str(venv_bin / "python"), "-c", "import scanner; print(scanner.__file__)"],
        outside,
        clean_env,
    )
    location = Path(done.stdout.strip())
    assert location.is_relative_to(venv_bin.parent)
    assert "site-packages" in location.parts


def test_installed_rules_command_lists_the_whole_catalog(
    venv_bin: Path, outside: Path, source_copy: Path, clean_env: dict[str, str]
) -> None:
    done = run([str(venv_bin / "nhiguard"), "rules"], outside, clean_env)
    listed = {line.split()[0] for line in done.stdout.splitlines()[1:]}
    assert listed == catalog_ids(source_copy)


def test_installed_scan_reports_the_planted_mistakes_of_the_example(
    venv_bin: Path, outside: Path, source_copy: Path, clean_env: dict[str, str]
) -> None:
    done = run(
        [str(venv_bin / "nhiguard"), "scan", "vulnerable_app", "--format", "json"],
        outside,
        clean_env,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    document = json.loads(done.stdout)
    reported = {(f["rule_id"], f["path"], f["line"]) for f in document["findings"]}
    assert reported >= PLANTED
    assert set(document["scan"]["rules"]) == catalog_ids(source_copy)
    assert document["summary"]["files_not_fully_analysed"] == 0
    for secret in PLANTED_SECRETS:
        assert secret not in done.stdout + done.stderr


def test_wheel_ships_the_apache_license_its_metadata_names(wheel: Path, source_copy: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        licenses = [n for n in archive.namelist() if n.endswith(".dist-info/licenses/LICENSE")]
        metadata = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        assert [archive.read(n) for n in licenses] == [(source_copy / "LICENSE").read_bytes()]
        assert "License-Expression: Apache-2.0" in archive.read(metadata).decode()
