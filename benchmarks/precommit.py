"""Time the pre-commit hook on a 10-file commit, with and without pre-commit's own overhead.

    PYTHONPATH=$PWD python benchmarks/precommit.py [--runs 5]

Two repositories, each committed in a temporary folder with ten files
staged: a copy of this checkout's tracked files (a project dense in JWT and
HMAC code, fixtures with planted secrets included; ten modules under
`scanner/` get one more line each), and a typical application from the
benchmark corpus (a Django JWT project with the OAuth library it vendors,
320 files; six modules, two YAML files, the changelog and a new `.env` of
ordinary settings). The hook is the manifest's command as a `repo: local`
hook of `language: system` (no virtualenv to build, the same process once
it runs): `nhiguard scan --staged --force-exclude FILES`, `require_serial:
true`. Printed: the median wall and CPU time of `pre-commit run` (pre-commit's
start, its file filtering and the hook) and of the `nhiguard` process alone.
Target (issue 12): under 0.5 s.

Measured 2026-12-06 on the shared 2-core machine (load average 2.5-2.9),
median of 5 before and 7 after, wall / CPU seconds:

    repository      step                 pre-commit run    nhiguard alone
    this checkout   before (main)        1.03 / 0.99       0.89 / 0.75
                    after                0.58 / 0.55       0.50 / 0.40
    application     before (main)        2.96 / 2.04       2.35 / 1.87
                    after                0.69 / 0.57       0.52 / 0.44

Before, a staged scan analysed nearly every other file as context (the
application's `.env` names `DEBUG`, which nearly every module mentions);
now it reads only the files that can change its report (see
`engine._analysed`), so what is left is the ten files themselves and
importing the analyzers, libcst (about 0.13 s: the staged modules need a
parse) and pre-commit's own start.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parents[1]
CORPUS = Path("/work/benchdata/corpus")
APPLICATION = ("djangorestframework_simplejwt-5.3.1", "authlib-1.4.0")
HOOK = "scan --staged --force-exclude"
NO_OP = ".pre-commit-no-op.yaml"  # the same hook running `python -c pass`: pre-commit's own cost


def git(folder: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.invalid", *args],
        cwd=folder,
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout


def copy_of_checkout(folder: Path) -> list[str]:
    """The tracked files of this checkout, committed in `folder`; ten staged edits, their names."""
    listed = git(CHECKOUT, "ls-files", "-z").split("\0")
    for name in filter(None, listed):
        source = CHECKOUT / name
        if source.is_file() and not source.is_symlink():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, folder / name)
    committed(folder)
    edited = sorted(n for n in git(folder, "ls-files", "scanner").split() if n.endswith(".py"))[:10]
    return staged(folder, {name: "# touched\n" for name in edited})


def application(folder: Path) -> list[str]:
    """A typical application repository: a Django JWT project with the OAuth library it vendors.

    Ten staged files of the kinds a commit mixes: six modules, two YAML
    files, the changelog, and a new `.env` of ordinary (secret-free) settings.
    """
    shutil.copytree(CORPUS / APPLICATION[0], folder, dirs_exist_ok=True)
    shutil.copytree(CORPUS / APPLICATION[1] / "authlib", folder / "vendor" / "authlib")
    (folder / ".pre-commit-config.yaml").unlink()  # the hook's own takes its place, untracked
    committed(folder)
    package = sorted(n for n in git(folder, "ls-files", "rest_framework_simplejwt").split())
    modules = [n for n in package if n.endswith(".py") and "/" not in n.partition("/")[2]][:6]
    edits = {name: "# touched\n" for name in (*modules, ".readthedocs.yml", "codecov.yml")}
    edits["CHANGELOG.md"] = "\n* Tokens expire sooner.\n"
    edits[".env"] = "DEBUG=1\nDATABASE_URL=postgres://localhost/app\nJWT_ALGORITHM=HS256\n"
    return staged(folder, edits)


def committed(folder: Path) -> None:
    git(folder, "init", "-q", "-b", "main")
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "--no-verify", "-m", "copy")


def staged(folder: Path, edits: dict[str, str]) -> list[str]:
    """Each of `edits` appended to its file (made if new) and staged; a local hook; the names."""
    for name, text in edits.items():
        with open(folder / name, "a", encoding="utf-8") as handle:
            handle.write(text)
    edited = sorted(edits)
    git(folder, "add", "--force", *edited)
    (folder / ".pre-commit-config.yaml").write_text(hook(f"-m scanner {HOOK}"), encoding="utf-8")
    (folder / NO_OP).write_text(hook("-c pass"), encoding="utf-8")
    return edited


def hook(arguments: str) -> str:
    """A local hook running this Python with `arguments` on the staged text files."""
    return (
        "repos:\n  - repo: local\n    hooks:\n      - id: nhiguard\n        name: nhiguard\n"
        f"        entry: {sys.executable} -P {arguments}\n        language: system\n"
        "        types: [text]\n        require_serial: true\n"
    )


def median_wall(
    command: list[str], folder: Path, runs: int, env: dict[str, str]
) -> tuple[float, float]:
    """Median wall and CPU seconds of `runs` runs, after one untimed run that writes bytecode.

    CPU time is given because the shared machine's load inflates wall time.
    """
    walls, cpus = [], []
    for number in range(runs + 1):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.monotonic()
        done = subprocess.run(command, cwd=folder, env=env, capture_output=True, text=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if number:
            walls.append(time.monotonic() - started)
            cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        if done.returncode != 0:
            raise SystemExit(f"{command} exited {done.returncode}:\n{done.stdout}{done.stderr}")
    return statistics.median(walls), statistics.median(cpus)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    # Bytecode is written and used, as an installed package has it: compiling every
    # module on each run (PYTHONDONTWRITEBYTECODE) would be timed otherwise.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(PYTHONPATH=str(CHECKOUT), NO_COLOR="1")
    for title, build in (("this checkout", copy_of_checkout), ("an application", application)):
        with tempfile.TemporaryDirectory() as scratch:
            folder = Path(scratch)
            edited = build(folder)
            files = len(git(folder, "ls-files").split())
            hooked = median_wall([sys.executable, "-m", "pre_commit", "run"], folder, runs, env)
            alone = median_wall(
                [sys.executable, "-P", "-m", "scanner", *HOOK.split(), *edited], folder, runs, env
            )
            no_op = median_wall(
                [sys.executable, "-m", "pre_commit", "run", "-c", NO_OP], folder, runs, env
            )
            parser = median_wall([sys.executable, "-P", "-c", "import libcst"], folder, runs, env)
        print(f"{title}: {files} files, {len(edited)} staged, median of {runs}:")
        print(
            f"  pre-commit run (its own overhead included): {hooked[0]:.2f} s wall,"
            f" {hooked[1]:.2f} s CPU"
        )
        print(f"  nhiguard {HOOK} FILES alone: {alone[0]:.2f} s wall, {alone[1]:.2f} s CPU")
        print(
            f"  floor: pre-commit with a no-op hook {no_op[0]:.2f} s,"
            f" python -c 'import libcst' {parser[0]:.2f} s (wall)"
        )
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
