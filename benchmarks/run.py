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

# Every command runs inside the corpus folder on ".": detect-secrets asks git which
# files to read relative to the working folder, and finds none from elsewhere.
PEERS = {
    "bandit": ["bandit", "-q", "-r", ".", "-f", "json", "-o", os.devnull],
    "detect-secrets": ["detect-secrets", "scan", "--all-files", "."],
    "semgrep": ["semgrep", "scan", "--config", "p/jwt", "--config", "p/secrets", "-j", "2", "."],
}
# The same scan with every Python prefilter answering yes: what the prefilter saves.
NO_PREFILTER = """
import sys
from scanner.analyzers.python.analyzer import PREFILTER
from scanner.cli import main
type(PREFILTER).chosen = lambda self, text, families, *parameters: (list(families), True)
sys.argv[0] = "nhiguard"
main()
"""


def count(corpus: Path) -> tuple[int, int]:
    files = lines = 0
    for dirpath, _, names in os.walk(corpus):
        for name in names:
            files += 1
            if name.endswith(".py"):
                with open(os.path.join(dirpath, name), "rb") as handle:
                    lines += handle.read().count(b"\n")
    return files, lines


def timed(command: list[str], cwd: Path) -> tuple[float, float, int]:
    """Wall seconds, peak RSS in MB, exit code.

    The RSS comes from wait4 for this one child: the largest resident set of
    the process or of any worker it waited for, not their sum.
    """
    start = time.perf_counter()
    child = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
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
    parser.add_argument(
        "--peer-runs", type=int, default=None, help="runs per peer (default --runs)"
    )
    parser.add_argument(
        "--semgrep-config",
        action="append",
        default=[],
        metavar="PATH",
        help="semgrep rules from a local folder or file (repeatable) instead of the registry's "
        "p/jwt and p/secrets, for machines that cannot reach it",
    )
    parser.add_argument(
        "--no-prefilter", action="store_true", help="also time nhiguard parsing every Python file"
    )
    args = parser.parse_args()
    files, py_lines = count(args.corpus)
    print(f"corpus {args.corpus}: {files} files, {py_lines} lines of Python")
    scan = ["scan", ".", "--format", "json", "-o", os.devnull, "--fail-on", "never"]
    if args.jobs:
        scan += ["--jobs", str(args.jobs)]
    commands = {"nhiguard": [sys.executable, "-m", "scanner", *scan]}
    if args.no_prefilter:
        commands["nhiguard-no-prefilter"] = [sys.executable, "-c", NO_PREFILTER, *scan]
    for peer in filter(None, args.peers.split(",")):
        template = PEERS[peer]
        if shutil.which(template[0]) is None:
            print(f"{peer}: not installed, skipped")
            continue
        command = list(template)
        if peer == "semgrep" and args.semgrep_config:
            configs = [str(Path(c).resolve()) for c in args.semgrep_config]
            command = [
                *command[:2],
                "--metrics=off",
                *(f"--config={c}" for c in configs),
                *command[6:],
            ]
        commands[peer] = command
    medians: dict[str, float] = {}
    print(
        f"{'tool':16} {'median s':>9} {'min s':>7} {'files/s':>9} {'py lines/s':>11} {'peak MB':>8}"
    )
    for name, command in commands.items():
        walls, peaks = [], []
        runs = args.runs if name.startswith("nhiguard") else (args.peer_runs or args.runs)
        for _ in range(runs):
            wall, peak, code = timed(command, args.corpus)
            if code != 0 and (name.startswith("nhiguard") or code != 1):
                sys.exit(f"{name} failed with exit code {code}: {' '.join(command)}")
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
