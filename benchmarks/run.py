"""Time nhiguard, and optionally its peers, over a corpus: wall time, files/s, lines/s, peak RSS.

    python benchmarks/run.py .bench/corpus-small --runs 3
    python benchmarks/run.py .bench/corpus --runs 3 --peers bandit,detect-secrets

Build the corpora with ../shared/bench/make-corpus.sh (pinned PyPI sdists).
Every command runs as its own process, so interpreter start-up and imports
count, as they do for a user. Peer timings are only comparable when taken in
the same run on the same machine: quote ratios from one invocation.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

PEERS = {
    "bandit": ["bandit", "-q", "-r", "{corpus}", "-f", "json", "-o", os.devnull],
    "detect-secrets": ["detect-secrets", "scan", "--all-files", "{corpus}"],
    "semgrep": ["semgrep", "scan", "--config", "p/jwt", "--config", "p/secrets", "-j", "2", "{corpus}"],
}


def count(corpus: Path) -> tuple[int, int]:
    files = lines = 0
    for dirpath, _, names in os.walk(corpus):
        for name in names:
            files += 1
            if name.endswith(".py"):
                with open(os.path.join(dirpath, name), "rb") as handle:
                    lines += handle.read().count(b"\n")
    return files, lines


def timed(command: list[str]) -> tuple[float, float, int]:
    """Wall seconds, peak RSS in MB, exit code.

    The RSS comes from wait4 for this one child: the largest resident set of
    the process or of any worker it waited for, not their sum.
    """
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_maxrss / 1024, child.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=None, help="nhiguard --jobs")
    parser.add_argument("--peers", default="", help="comma list from: " + ", ".join(PEERS))
    args = parser.parse_args()
    files, py_lines = count(args.corpus)
    print(f"corpus {args.corpus}: {files} files, {py_lines} lines of Python")
    nhiguard = [sys.executable, "-m", "scanner", "scan", str(args.corpus), "--format", "json"]
    nhiguard += ["-o", os.devnull, "--fail-on", "never"]
    if args.jobs:
        nhiguard += ["--jobs", str(args.jobs)]
    commands = {"nhiguard": nhiguard}
    for peer in filter(None, args.peers.split(",")):
        template = PEERS[peer]
        if shutil.which(template[0]) is None:
            print(f"{peer}: not installed, skipped")
            continue
        commands[peer] = [part.format(corpus=args.corpus) for part in template]
    medians: dict[str, float] = {}
    print(f"{'tool':16} {'median s':>9} {'min s':>7} {'files/s':>9} {'py lines/s':>11} {'peak MB':>8}")
    for name, command in commands.items():
        walls, peaks = [], []
        for _ in range(args.runs):
            wall, peak, code = timed(command)
            if code not in (0, 1):
                print(f"{name}: exit code {code}", file=sys.stderr)
            walls.append(wall)
            peaks.append(peak)
        median = statistics.median(walls)
        medians[name] = median
        print(
            f"{name:16} {median:9.2f} {min(walls):7.2f} {files / median:9.0f} "
            f"{py_lines / median:11.0f} {max(peaks):8.0f}"
        )
    for name, median in medians.items():
        if name != "nhiguard":
            print(f"nhiguard is {median / medians['nhiguard']:.1f}x faster than {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
