"""nhiguard's CI rules beside zizmor's audits on the same real workflows: counts and agreement.

    python benchmarks/ci_zizmor.py .bench/ci-workflows

Each folder below the root is one repository's `.github/workflows` and
`action.yml` files, copied at a pinned commit (kept out of the repository,
under the ignored `.bench/`). Both tools run as a user runs them: nhiguard's
`scan --format json` on the folder, zizmor offline on the same files with
its default (regular) persona. A pair of findings agrees when both name the
same file and line; in the same step (within three lines) where zizmor points
at the step and nhiguard at the token input; for token permissions, where
zizmor reports each job and nhiguard the workflow, the same file.

The corpus measured for CI003's permissions decision (issue 11), each
repository's default branch at these commits, fetched as git objects and the
files copied with `git show <commit>:<path>` into `.bench/ci-workflows/<owner>+<name>/`:

    astral-sh/ruff fca5c7cf2cd2   encode/httpx ae1b9f66238f     fastapi/fastapi c3f316b7e814
    numpy/numpy 1f90bbb55e65      pallets/flask 2ac89889f4cc    psf/black 8947c48ef207
    psf/requests 1f6589ec3a1e     pydantic/pydantic 2151025aa512 pypa/pip 6d309205789d
    pytest-dev/pytest df87db7b0462 Textualize/rich 42899d8a0a96 encode/starlette cb8f84f5284d
    httpie/cli 5b604c37c6c6       aio-libs/aiohttp 495e778360d1tiangolo/typer 233009a37d35
    mitmproxy/mitmproxy 8fc25b304593
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

# zizmor audit -> the nhiguard rule that judges the same thing, and how a pair is matched.
PAIRS = {
    "excessive-permissions": ("CI003", "file"),
    "artipacked": ("CI006 persisted checkout", "line"),
    "use-trusted-publishing": ("CI005 publishing", "step"),
    "unredacted-secrets": ("CI002", "line"),
    "hardcoded-container-credentials": ("CI001", "line"),
    "dangerous-triggers": ("CI004", "file"),
    "template-injection": ("CI004", "file"),
    "secrets-inherit": ("CI006 secrets: inherit", "line"),
    "overprovisioned-secrets": ("CI006 toJSON(secrets)", "line"),
}
REGISTRIES = ("PyPI", "npm", "RubyGems", "crates.io", "NuGet")
Place = tuple[str, int]


def pipeline_files(repo: Path) -> list[str]:
    found = []
    for dirpath, _, names in os.walk(repo):
        for name in names:
            path = Path(dirpath, name).relative_to(repo).as_posix()
            workflow = path.startswith(".github/workflows/") and name.endswith((".yml", ".yaml"))
            if workflow or name in ("action.yml", "action.yaml"):
                found.append(path)
    return sorted(found)


def nhiguard(repo: Path) -> list[tuple[str, Place]]:
    command = [sys.executable, "-m", "scanner", "scan", ".", "--format", "json", "-j", "1"]
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    done = subprocess.run(command, cwd=repo, capture_output=True, text=True, check=False, env=env)
    report = json.loads(done.stdout)
    return [(_kind(f["rule_id"], f["message"]), (f["path"], f["line"])) for f in report["findings"]]


def _kind(rule: str, message: str) -> str:
    """CI005 and CI006 judge several things; zizmor has an audit for each."""
    if rule == "CI005":
        return "CI005 publishing" if message.startswith(REGISTRIES) else "CI005 cloud"
    if rule == "CI006":
        for construct in ("persisted checkout", "secrets: inherit", "toJSON(secrets)"):
            if message.startswith(construct.replace("persisted checkout", "actions/checkout")):
                return f"CI006 {construct}"
        return "CI006 other"
    return rule


def zizmor(repo: Path, files: Iterable[str]) -> list[tuple[str, Place]]:
    command = ["zizmor", "--offline", "--no-config", "--format", "json", *files]
    done = subprocess.run(command, cwd=repo, capture_output=True, text=True, check=False)
    found = []
    for finding in json.loads(done.stdout or "[]"):
        primary = next(
            (loc for loc in finding["locations"] if loc["symbolic"]["kind"] == "Primary"),
            finding["locations"][0],
        )
        key = primary["symbolic"]["key"]["Local"]["verbatim_path"]
        line = primary["concrete"]["location"]["start_point"]["row"] + 1
        found.append((finding["ident"], (key, line)))
    return found


def agreement(ours: list[Place], theirs: list[Place], by: str) -> tuple[int, int, int]:
    """(both, only nhiguard, only zizmor), counted in places or in files."""
    if by == "file":
        a, b = {p for p, _ in ours}, {p for p, _ in theirs}
    elif by == "step":
        near = {o for o in ours if any(o[0] == t[0] and abs(o[1] - t[1]) <= 3 for t in theirs)}
        both = len(near)
        return both, len(set(ours)) - both, len(set(theirs)) - both
    else:
        a, b = set(ours), set(theirs)
    return len(a & b), len(a - b), len(b - a)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--details", action="store_true", help="list each unmatched place")
    args = parser.parse_args()
    unmatched: list[str] = []
    totals: Counter[str] = Counter()
    matched: dict[str, list[int]] = {ident: [0, 0, 0] for ident in PAIRS}
    print(f"{'repository':24} {'files':>5} {'CI003':>5} {'zizmor excessive-permissions':>28}")
    for repo in sorted(p for p in args.root.iterdir() if p.is_dir()):
        files = pipeline_files(repo)
        with tempfile.TemporaryDirectory() as folder:
            # Outside any git work tree, so the ignored `.bench/` folder is walked.
            copy = Path(shutil.copytree(repo, Path(folder, repo.name)))
            ours, theirs = nhiguard(copy), zizmor(copy, files)
        totals.update(rule for rule, _ in ours)
        totals.update(f"zizmor:{ident}" for ident, _ in theirs)
        for ident, (rule, by) in PAIRS.items():
            mine = [place for r, place in ours if r == rule]
            other = [place for i, place in theirs if i == ident]
            for index, number in enumerate(agreement(mine, other, by)):
                matched[ident][index] += number
            if by != "file":
                unmatched += [
                    f"  {rule} only: {repo.name}/{p}:{n}" for p, n in set(mine) - set(other)
                ]
                unmatched += [
                    f"  {ident} only: {repo.name}/{p}:{n}" for p, n in set(other) - set(mine)
                ]
        ci003 = sum(1 for rule, _ in ours if rule == "CI003")
        perms = sum(1 for ident, _ in theirs if ident == "excessive-permissions")
        print(f"{repo.name:24} {len(files):>5} {ci003:>5} {perms:>28}")
    print("\nfindings:", dict(sorted(totals.items())))
    print(f"\n{'zizmor audit':32} {'nhiguard':24} {'by':5} {'both':>5} {'ours':>5} {'theirs':>6}")
    for ident, (rule, by) in PAIRS.items():
        both, mine, other = matched[ident]
        print(f"{ident:32} {rule:24} {by:5} {both:>5} {mine:>5} {other:>6}")
    if args.details:
        print("\n".join(sorted(unmatched)))


if __name__ == "__main__":
    main()
