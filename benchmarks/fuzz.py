"""Run the fuzz targets of tests/fuzz/ for minutes, each in its own process, and list what broke.

    python benchmarks/fuzz.py --minutes 10                 # every target, hypothesis inputs
    python benchmarks/fuzz.py --minutes 5 --target engine-yaml --target yaml-reader
    python benchmarks/fuzz.py --minutes 5 --atheris --target engine-dotenv

The time is split over the targets and run on `--jobs` processes. Each target
draws inputs from fresh random bytes through its hypothesis strategy (with
`--atheris`, from libFuzzer's coverage-guided mutations of those bytes,
instrumenting `scanner`). A worker writes the input it is about to check to
`.hypothesis/fuzz/<target>.current`, so an input that kills or hangs the
process (a native crash, the memory ceiling, a loop) is kept too; one input
may take HANG_SECONDS. Distinct failures (exception type and the innermost
scanner frame) are printed with one input each, as JSON lines in
`.hypothesis/fuzz/<target>.failures`; shrink one by pasting it into a plain
test. Exit 1 when anything broke.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import signal
import subprocess
import sys
import time
import traceback
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / ".hypothesis" / "fuzz"
MEMORY_CEILING = 4 * 1024**3
HANG_SECONDS = 20


def _targets() -> dict[str, Any]:
    sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
    from fuzz.targets import all_targets

    return all_targets()


class Hang(Exception):
    """One input took longer than HANG_SECONDS."""


def _hang(signum: int, frame: object) -> None:
    raise Hang(f"over {HANG_SECONDS} s on one input")


def _recorded(name: str, check: Callable[[Any], None], last: list[Any]) -> Callable[[Any], None]:
    current = OUT / f"{name}.current"

    def run(value: Any) -> None:
        last[:] = [value]
        current.write_text(repr(value)[:200_000], encoding="utf-8", errors="backslashreplace")
        signal.alarm(HANG_SECONDS)  # Python-level loops; the parent's timeout catches the rest
        try:
            check(value)
        finally:
            signal.alarm(0)

    return run


def _where(exc: BaseException) -> str:
    """The innermost frame in scanner/ (else the innermost at all): a failure's identity."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if f"{os.sep}scanner{os.sep}" in f.filename] or frames
    frame = ours[-1]
    return f"{Path(frame.filename).name}:{frame.lineno} {frame.name}"


def work(name: str, seconds: float, use_atheris: bool) -> int:
    """One target in this process; returns the number of distinct failures."""
    from hypothesis import HealthCheck, given, settings

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CEILING, resource.RLIM_INFINITY))
    signal.signal(signal.SIGALRM, _hang)
    OUT.mkdir(parents=True, exist_ok=True)
    if use_atheris:
        import atheris

        with atheris.instrument_imports(include=["scanner"]):
            target = _targets()[name]
    else:
        target = _targets()[name]
    last: list[Any] = []
    quiet = settings(
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    test = quiet(given(target.strategy)(_recorded(name, target.check, last)))
    seen: dict[tuple[str, str], int] = {}
    failures = OUT / f"{name}.failures"
    failures.write_text("")

    def one(buffer: bytes) -> None:
        try:
            test.hypothesis.fuzz_one_input(buffer)
        except Exception as exc:
            key = (type(exc).__name__, _where(exc))
            seen[key] = seen.get(key, 0) + 1
            if seen[key] == 1:
                record = {
                    "target": name,
                    "exception": key[0],
                    "where": key[1],
                    "message": str(exc)[:500],
                    "input": repr(last[0])[:20_000] if last else None,
                }
                with failures.open("a", encoding="utf-8") as out:
                    out.write(json.dumps(record) + "\n")
            if use_atheris:
                raise

    examples = 0
    if use_atheris:
        import atheris

        atheris.Setup(
            [
                sys.argv[0],
                f"-max_total_time={int(seconds)}",
                "-rss_limit_mb=4096",
                "-max_len=65536",
                "-len_control=0",
            ],
            one,
        )
        atheris.Fuzz()
    else:
        rng = random.Random()
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            one(rng.randbytes(rng.choice((64, 512, 4096, 32768))))
            examples += 1
    summary = {
        "target": name,
        "examples": examples,
        "failures": {" ".join(k): n for k, n in seen.items()},
    }
    print(json.dumps(summary), flush=True)
    return len(seen)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--minutes", type=float, default=5.0, help="CPU minutes over all targets")
    parser.add_argument("--target", action="append", help="a target name (repeatable); default all")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument(
        "--atheris", action="store_true", help="coverage-guided inputs (pip install atheris)"
    )
    parser.add_argument("--list", action="store_true", help="print the target names and exit")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--seconds", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        return 1 if work(args.worker, args.seconds, args.atheris) else 0
    names = args.target or sorted(_targets())
    if args.list:
        print("\n".join(names))
        return 0
    share = args.minutes * 60 / len(names)

    def spawn(name: str) -> tuple[str, int]:
        command = [sys.executable, __file__, "--worker", name, "--seconds", str(share)]
        try:
            done = subprocess.run(
                [*command, *(["--atheris"] if args.atheris else [])],
                check=False,
                timeout=share + 10 * HANG_SECONDS,
            )
        except subprocess.TimeoutExpired:
            print(f"{name}: hung; input in {OUT / (name + '.current')}")
            return name, -1
        if done.returncode < 0:
            print(
                f"{name}: killed by signal {-done.returncode}; input in {OUT / (name + '.current')}"
            )
        return name, done.returncode

    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        results = list(pool.map(spawn, names))
    broken = [name for name, code in results if code != 0]
    print(
        f"{len(names)} targets, {args.minutes} CPU minutes; broken: {', '.join(broken) or 'none'}"
    )
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
