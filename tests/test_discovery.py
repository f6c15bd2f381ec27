"""Which files a scan reads, what kind each is, and how they are named in reports.

Inside a git work tree the answer is git's: tracked plus untracked files that
are not ignored. Outside git the tree is walked with default excludes. Paths
are always relative to the repository root with `/` separators, results are
sorted, and the process pool gives the same answer as a serial scan.
"""

from __future__ import annotations

import json
import secrets
import subprocess
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from planted import aws_key

from scanner import engine, pool
from scanner.cli import main
from scanner.configuration import Config
from scanner.discovery import classify, discover, find_root
from scanner.model import FileKind, Rule


def _write(root: Path, files: dict[str, str]) -> None:
    for relpath, text in files.items():
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)


def _listed(paths: list[Path], root: Path, excludes: tuple[str, ...] = ()) -> list[str]:
    files, _ = discover(paths, root, excludes)
    return [f.relpath for f in files]


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git work tree: tracked, untracked, ignored and vendored files."""
    root = tmp_path / "repo"
    root.mkdir()
    _git(root, "init", "-q")
    _write(
        root,
        {
            ".gitignore": "local/\n*.log\n",
            "src/app.py": "import jwt\n",
            "src/settings.yaml": "debug: true\n",
            "README.md": "# demo\n",
            "node_modules/left-pad/index.js": "module.exports = 1\n",
        },
    )
    _git(root, "add", "-A")
    _write(
        root,
        {
            "src/new_module.py": "x = 1\n",  # untracked, not ignored
            "local/secrets.env": "TOKEN=x\n",  # ignored folder
            "debug.log": "token=x\n",  # ignored pattern
        },
    )
    return root


# --- git work trees ----------------------------------------------------------


def test_git_tracked_and_untracked_unignored_files_are_listed_and_ignored_ones_are_not(
    repo: Path,
) -> None:
    assert _listed([repo], repo) == [
        ".gitignore",
        "README.md",
        "src/app.py",
        "src/new_module.py",
        "src/settings.yaml",
    ]


def test_a_tracked_file_deleted_from_the_work_tree_is_neither_listed_nor_notified(
    repo: Path,
) -> None:
    (repo / "README.md").unlink()
    files, notes = discover([repo], repo, ())
    assert "README.md" not in [f.relpath for f in files]
    assert notes == []


def test_a_link_to_a_folder_inside_the_root_does_not_list_its_files_twice(repo: Path) -> None:
    (repo / "source").symlink_to("src", target_is_directory=True)
    files, notes = discover([repo], repo, ())
    assert [f.relpath for f in files if f.relpath.endswith("app.py")] == ["src/app.py"]
    assert notes == []


def test_a_folder_git_tracks_under_a_default_exclude_is_still_skipped(repo: Path) -> None:
    assert "node_modules/left-pad/index.js" not in _listed([repo], repo)


def test_a_file_named_explicitly_is_scanned_even_under_an_exclude(repo: Path) -> None:
    named = repo / "node_modules/left-pad/index.js"
    assert _listed([named], repo) == ["node_modules/left-pad/index.js"]


def test_a_folder_git_ignores_is_walked_when_named_explicitly(repo: Path) -> None:
    assert _listed([repo / "local"], repo) == ["local/secrets.env"]


def test_a_folder_named_explicitly_is_scanned_even_when_an_exclude_names_it(
    tmp_path: Path,
) -> None:
    _write(
        tmp_path,
        {
            ".venv/lib/jwt/api.py": "x = 1\n",
            ".venv/lib/jwt/__pycache__/api.cpython-311.pyc": "x\n",
            ".venv/bin/activate": "x\n",
        },
    )
    assert _listed([tmp_path / ".venv/lib/jwt"], tmp_path.resolve()) == [".venv/lib/jwt/api.py"]


def test_an_exclude_naming_a_folder_path_skips_everything_under_it(repo: Path) -> None:
    _write(repo, {"src/legacy/old.py": "x = 1\n", "src/legacy/deep/older.py": "x = 1\n"})
    assert _listed([repo], repo, ("src/legacy",)) == [
        ".gitignore",
        "README.md",
        "src/app.py",
        "src/new_module.py",
        "src/settings.yaml",
    ]


def test_files_of_a_second_tree_outside_the_root_keep_the_name_they_were_given(
    repo: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other"
    _write(other, {"deploy.yaml": "a: 1\n"})
    assert _listed([repo, other], repo) == sorted(
        [
            ".gitignore",
            "README.md",
            "src/app.py",
            "src/new_module.py",
            "src/settings.yaml",
            f"{other.as_posix()}/deploy.yaml",
        ]
    )


def test_an_exclude_glob_from_config_skips_matching_paths(repo: Path) -> None:
    assert _listed([repo], repo, ("*.yaml",)) == [
        ".gitignore",
        "README.md",
        "src/app.py",
        "src/new_module.py",
    ]


def test_the_root_of_a_subfolder_scan_is_the_git_top_level(repo: Path) -> None:
    assert find_root([repo / "src"]) == repo.resolve()


def test_files_under_a_subfolder_are_named_relative_to_the_repository_root(repo: Path) -> None:
    assert _listed([repo / "src"], find_root([repo / "src"])) == [
        "src/app.py",
        "src/new_module.py",
        "src/settings.yaml",
    ]


def test_relative_file_names_from_a_subfolder_are_named_relative_to_the_root(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo / "src")
    names = [Path("app.py"), Path("settings.yaml")]
    assert _listed(names, find_root(names)) == ["src/app.py", "src/settings.yaml"]


def test_a_file_named_through_a_linked_folder_is_named_relative_to_the_real_root(
    repo: Path, tmp_path: Path
) -> None:
    alias = tmp_path / "alias"
    alias.symlink_to(repo, target_is_directory=True)
    named = [alias / "src" / "app.py"]
    assert _listed(named, find_root(named)) == ["src/app.py"]


def test_a_scan_of_a_repository_reports_git_relative_posix_paths(repo: Path) -> None:
    _write(repo, {"src/deploy/prod.env": f"AWS_ACCESS_KEY_ID={aws_key()}\n"})
    report = _json_report(repo)
    assert report["scan"]["root"] == str(repo.resolve())
    assert [(f["rule_id"], f["path"]) for f in report["findings"]] == [
        ("SEC002", "src/deploy/prod.env")
    ]


# --- outside git -------------------------------------------------------------


def test_outside_git_the_walk_skips_default_excludes(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "app/main.py": "x = 1\n",
            "app/config/.env.production": "A=1\n",
            "node_modules/pkg/index.js": "x\n",
            ".venv/lib/site.py": "x\n",
            "venv/bin/activate": "x\n",
            "app/__pycache__/main.cpython-311.pyc": "x\n",
            "dist/app-1.0.tar.gz": "x\n",
            "pkg.egg-info/PKG-INFO": "x\n",
            ".git/config": "x\n",
        },
    )
    assert _listed([tmp_path], tmp_path.resolve()) == [
        "app/config/.env.production",
        "app/main.py",
    ]


def test_outside_git_the_root_is_the_folder_scanned(tmp_path: Path) -> None:
    assert find_root([tmp_path]) == tmp_path.resolve()


def test_a_path_that_does_not_exist_is_a_notification(tmp_path: Path) -> None:
    files, notes = discover([tmp_path / "missing.py"], tmp_path, ())
    assert files == []
    assert [(n.kind.value, n.detail) for n in notes] == [("unreadable", "no such file")]


# --- kinds -------------------------------------------------------------------

KINDS = {
    ".github/workflows/ci.yml": FileKind.GITHUB_ACTIONS,
    ".github/workflows/release.yaml": FileKind.GITHUB_ACTIONS,
    ".github/actions/setup/action.yml": FileKind.GITHUB_ACTIONS,
    "action.yml": FileKind.GITHUB_ACTIONS,
    "tools/release/action.yaml": FileKind.GITHUB_ACTIONS,
    ".gitlab-ci.yml": FileKind.GITLAB_CI,
    "Jenkinsfile": FileKind.CI,
    ".circleci/config.yml": FileKind.CI,
    "azure-pipelines.yml": FileKind.CI,
    "bitbucket-pipelines.yml": FileKind.CI,
    ".travis.yml": FileKind.CI,
    ".woodpecker.yml": FileKind.CI,
    ".woodpecker/deploy.yaml": FileKind.CI,
    "Dockerfile": FileKind.DOCKERFILE,
    "docker/Dockerfile.prod": FileKind.DOCKERFILE,
    "api.dockerfile": FileKind.DOCKERFILE,
    ".env": FileKind.DOTENV,
    ".env.production": FileKind.DOTENV,
    "deploy/staging.env": FileKind.DOTENV,
    "settings.py": FileKind.PYTHON,
    "typings/jwt.pyi": FileKind.PYTHON,
    "src/main/resources/application.properties": FileKind.INI,
    "setup.cfg": FileKind.INI,
    "tox.ini": FileKind.INI,
    "nginx.conf": FileKind.NGINX,
    "deploy/nginx/api.conf": FileKind.NGINX,
    "etc/conf.d/default.conf": FileKind.NGINX,
    "gateway/api.nginx": FileKind.NGINX,
    "etc/supervisord.conf": FileKind.INI,
    "apim/policies/orders.xml": FileKind.XML,
    "infra/api.tf": FileKind.HCL,
    "nginx/keys/orders.jwk": FileKind.JSON,
    "k8s/deployment.yaml": FileKind.YAML,
    "CONFIG.YML": FileKind.YAML,
    "workflows/ci.yml": FileKind.YAML,
    "package.json": FileKind.JSON,
    "tsconfig.jsonc": FileKind.JSON,
    "pyproject.toml": FileKind.TOML,
    "infra/production.tfvars": FileKind.HCL,
    "scripts/deploy.sh": FileKind.SHELL,
    "tools/release.bash": FileKind.SHELL,
    "Makefile": FileKind.MAKEFILE,
    "docs/GNUmakefile": FileKind.MAKEFILE,
    "build/rules.mk": FileKind.MAKEFILE,
    "notebooks/analysis.ipynb": FileKind.NOTEBOOK,
    ".netrc": FileKind.NETRC,
    "ci/_netrc": FileKind.NETRC,
    ".pgpass": FileKind.PGPASS,
    "deploy/.htpasswd": FileKind.HTPASSWD,
    "nginx/admin.htpasswd": FileKind.HTPASSWD,
    ".pypirc": FileKind.INI,
    ".npmrc": FileKind.NPMRC,
    "etc/npmrc": FileKind.NPMRC,
    "web/.yarnrc": FileKind.NPMRC,
    "web/.yarnrc.yml": FileKind.YAML,
    ".docker/config.json": FileKind.JSON,
    ".dockercfg": FileKind.JSON,
    ".kube/config": FileKind.YAML,
    "ops/staging.kubeconfig": FileKind.YAML,
    "etc/kubernetes/admin.conf": FileKind.YAML,
    "infra/terraform.tfstate": FileKind.JSON,
    "infra/terraform.tfstate.backup": FileKind.JSON,
    "app/config": FileKind.TEXT,
    "notes.txt": FileKind.TEXT,
    "README": FileKind.TEXT,
    "keys/id_rsa": FileKind.TEXT,
}


@pytest.mark.parametrize(("relpath", "kind"), list(KINDS.items()), ids=list(KINDS))
def test_a_file_is_classified_by_its_repository_path(relpath: str, kind: FileKind) -> None:
    assert classify(relpath) is kind


def test_the_classification_table_covers_every_file_kind() -> None:
    assert set(KINDS.values()) == set(FileKind)


# --- determinism and the process pool ---------------------------------------


def _json_report(root: Path, *args: str) -> dict[str, Any]:
    result = CliRunner().invoke(
        main, ["scan", str(root), "--format", "json", *args], catch_exceptions=False
    )
    assert result.exit_code in (0, 1), result.stderr
    report: dict[str, Any] = json.loads(result.stdout)
    return report


def _without_timing(report: dict[str, Any]) -> dict[str, Any]:
    scan = {k: v for k, v in report["scan"].items() if k not in ("started_at", "duration_seconds")}
    audit = {k: v for k, v in (report["audit"] or {}).items() if k != "finished_at"}
    return {**report, "scan": scan, "audit": audit}


def _many_files(root: Path, count: int) -> None:
    """`count` files of several kinds, every third holding a credential, one unparsable."""
    files: dict[str, str] = {}
    for index in range(count):
        folder = f"pkg{index % 7}"
        if index % 3 == 0:
            files[f"{folder}/conf_{index:03}.yaml"] = f"aws:\n  key: {aws_key()}\n"
        elif index % 3 == 1:
            files[f"{folder}/mod_{index:03}.py"] = (
                f'import jwt\n\nKEY = "{secrets.token_hex(20)}"\n\n\n'
                "def issue(claims):\n"
                '    return jwt.encode(claims, KEY, algorithm="HS256")\n'
            )
        else:
            files[f"{folder}/notes_{index:03}.txt"] = f"line {index}\n"
    files["pkg0/broken.py"] = "import jwt\nx = (\n"
    _write(root, files)


def test_two_scans_of_the_same_tree_give_identical_json_apart_from_timing(repo: Path) -> None:
    _many_files(repo, 30)
    first, second = _json_report(repo), _json_report(repo)
    assert first["findings"], "nothing found: the comparison would prove little"
    assert _without_timing(first) == _without_timing(second)


def test_findings_are_sorted_by_path_line_column_and_rule(repo: Path) -> None:
    _many_files(repo, 30)
    findings = _json_report(repo)["findings"]
    keys = [(f["path"], f["line"], f["column"], f["rule_id"]) for f in findings]
    assert keys == sorted(keys)


class _CountingPool(ProcessPoolExecutor):
    started = 0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        type(self).started += 1
        super().__init__(*args, **kwargs)


def test_the_process_pool_finds_exactly_what_a_serial_scan_finds(
    tmp_path: Path, rules: tuple[Rule, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    _many_files(tmp_path, engine.POOL_THRESHOLD + 50)
    monkeypatch.setattr(pool, "ProcessPoolExecutor", _CountingPool)
    monkeypatch.setattr(_CountingPool, "started", 0)
    serial = engine.scan([tmp_path], Config(), rules, jobs=1)
    assert _CountingPool.started == 0
    pooled = engine.scan([tmp_path], Config(), rules, jobs=2)
    assert _CountingPool.started == 1
    assert serial.files_scanned == pooled.files_scanned == engine.POOL_THRESHOLD + 51
    assert len(serial.findings) >= (engine.POOL_THRESHOLD + 50) // 3 * 2
    assert pooled.findings == serial.findings
    assert pooled.notifications == serial.notifications


def test_a_scan_below_the_pool_threshold_stays_in_this_process(
    tmp_path: Path, rules: tuple[Rule, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    _many_files(tmp_path, engine.POOL_THRESHOLD - 10)
    monkeypatch.setattr(pool, "ProcessPoolExecutor", _CountingPool)
    monkeypatch.setattr(_CountingPool, "started", 0)
    engine.scan([tmp_path], Config(), rules, jobs=4)
    assert _CountingPool.started == 0
