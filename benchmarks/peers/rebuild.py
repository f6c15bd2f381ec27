"""Rebuild the peer suites' test files from pinned commits into `.bench/peers/`.

Other projects' test files measure nhiguard on code its authors did not write
(issue 10), but their code must stay out of this repository: this script
writes them, at the commits `suites.yaml` pins, into the git-ignored folder
`.bench/peers/<suite>/<path>`, so anyone can score the same bytes again.

Sources, in order:
- a bare mirror `<mirror-root>/<owner>+<name>/repo` (what the `fetch` tool
  brings) holding the pinned commit, read with `git show` only (nothing from the
  mirror runs: no checkout, no hooks, no filters);
- for suites pinned per file (`pinned_files`, used when the repository is too
  large to mirror), `.bench/peers/_import/<owner>+<name>/<commit>/<path>`,
  accepted only when its git blob sha equals the pin.

    python benchmarks/peers/rebuild.py [--mirror-root /work/.mirror] [--suite NAME]
"""

from __future__ import annotations

import argparse
import fnmatch
import hashlib
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from scanner import git

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
SUITES = HERE / "suites.yaml"
OUT = REPO / ".bench" / "peers"
IMPORT = OUT / "_import"


@dataclass(frozen=True)
class PeerFile:
    """One file of a suite: where it lives upstream and the bytes scored."""

    suite: str
    path: str
    data: bytes


def load_suites(path: Path = SUITES) -> dict[str, dict[str, Any]]:
    """The suites table; a malformed file stops here rather than half-way through a rebuild."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    suites = data.get("suites") if isinstance(data, dict) else None
    if not isinstance(suites, dict):
        raise SystemExit(f"{path}: expected a `suites:` mapping")
    return suites


def glob_match(path: str, pattern: str) -> bool:
    """fnmatch with `**/` also matching no folder, as the globs in suites.yaml are written."""
    return fnmatch.fnmatchcase(path, pattern) or (
        "**/" in pattern and fnmatch.fnmatchcase(path, pattern.replace("**/", ""))
    )


def blob_sha(data: bytes) -> str:
    """Git's blob id of `data`, so a pinned file's content can be checked without git."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def mirror_dir(mirror_root: Path, repo: str) -> Path:
    """Where the fetch tool puts a repository's git directory.

    Mostly a bare `repo/`; some snapshots arrive as `repo/.git`, and a scorer
    that missed them would report a whole repository as not mirrored.
    """
    base = mirror_root / repo.replace("/", "+") / "repo"
    return base / ".git" if (base / ".git").is_dir() else base


def _blob(git_dir: Path, commit: str, path: str) -> bytes:
    data = git.blob(git_dir, commit, path)
    if data is None:
        raise SystemExit(f"{path}@{commit[:12]}: not readable from {git_dir}")
    return data


def from_mirror(name: str, suite: dict[str, Any], mirror_root: Path) -> list[PeerFile]:
    """Every file at the pinned commit that a `files` glob takes and no `exclude` glob drops."""
    git_dir = mirror_dir(mirror_root, suite["repo"])
    commit = suite["commit"]
    if not git.has_commit(git_dir, commit):
        raise SystemExit(f"{name}: no mirror of {suite['repo']} holding {commit} under {git_dir}")
    paths = [
        p
        for p in git.tree_paths(git_dir, commit)
        if any(glob_match(p, g) for g in suite["files"])
        and not any(glob_match(p, g) for g in suite.get("exclude", []))
    ]
    if not paths:
        raise SystemExit(f"{name}: no file at {commit} matches {suite['files']}")
    return [PeerFile(name, p, _blob(git_dir, commit, p)) for p in sorted(paths)]


def from_pins(name: str, suite: dict[str, Any], mirror_root: Path) -> list[PeerFile]:
    """Files pinned one by one: from a mirror when it has the commit, else the import folder."""
    git_dir = mirror_dir(mirror_root, suite["repo"])
    owner_name = suite["repo"].replace("/", "+")
    files = []
    for pin in suite["pinned_files"]:
        path, commit, blob = pin["path"], pin["commit"], pin["blob"]
        if git.has_commit(git_dir, commit):
            data = _blob(git_dir, commit, path)
        else:
            imported = IMPORT / owner_name / commit / path
            if not imported.is_file():
                raise SystemExit(
                    f"{name}: {path}@{commit[:12]} is neither in a mirror ({git_dir}) nor at "
                    f"{imported}; read it at that commit and save it there"
                )
            data = imported.read_bytes()
        if blob_sha(data) != blob:
            raise SystemExit(f"{name}: {path}@{commit[:12]} has blob {blob_sha(data)}, pin {blob}")
        files.append(PeerFile(name, path, data))
    return files


def collect(name: str, suite: dict[str, Any], mirror_root: Path) -> list[PeerFile]:
    """A suite's files, by whichever kind of pin it has."""
    if suite.get("pinned_files"):
        return from_pins(name, suite, mirror_root)
    return from_mirror(name, suite, mirror_root)


def write(name: str, files: list[PeerFile]) -> Path:
    """Replace `.bench/peers/<suite>/` with exactly these files (no stale file survives)."""
    target = OUT / name
    if target.exists():
        shutil.rmtree(target)
    for f in files:
        dest = target / f.path
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(f.data)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mirror-root", type=Path, default=Path("/work/.mirror"))
    parser.add_argument("--suite", action="append", help="only this suite (repeatable)")
    args = parser.parse_args(argv)
    suites = load_suites()
    for name in args.suite or list(suites):
        if name not in suites:
            print(f"unknown suite {name!r}; known: {', '.join(suites)}", file=sys.stderr)
            return 2
        files = collect(name, suites[name], args.mirror_root)
        target = write(name, files)
        print(f"{name}: {len(files)} files -> {target.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
