"""How far gitleaks' own rule regexes reach on the same samples, forms and verdicts as nhiguard.

Issue 11 asks nhiguard never to find less than gitleaks. `samples.py score`
says what nhiguard finds; this puts gitleaks' number beside it, measured the
same way in the same run, so "format alone" (a neutral YAML key) can be read
against what the peer itself reaches there.

gitleaks itself cannot be built here (no Go module proxy), so its rules are
applied as regexes: every rule function of `cmd/generate/config/rules/*.go`
at the pinned commit, read by `detector_samples.read_gitleaks` and translated
to Python syntax. A line counts as found when any rule's regex matches it.
gitleaks also drops matches under a rule's entropy floor, its allowlists and
its stopwords; none of that is applied, so the number is an upper bound on
what gitleaks reports. Rules whose regex does not translate are counted and
named.

    python benchmarks/secret_samples/peer_regexes.py [--mirror-root /work/.mirror] [--jobs N]
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

import samples as bench
from detector_samples import Sample, compile_go, mask, read_gitleaks


def gitleaks_rules(mirror_root: Path) -> tuple[dict[str, re.Pattern[str]], list[str]]:
    """Every gitleaks rule's compiled regex by function name, and the names that did not compile."""
    repo, commit = bench.GITLEAKS
    git_dir = bench.peer_rebuild.mirror_dir(mirror_root, repo)
    if not bench.git.has_commit(git_dir, commit):
        raise SystemExit(f"no mirror of {repo} holding {commit} under {git_dir}: fetch it")
    compiled: dict[str, re.Pattern[str]] = {}
    failed: list[str] = []
    for path in sorted(bench.git.tree_paths(git_dir, commit)):
        if not (path.startswith(bench.GITLEAKS_RULES) and path.endswith(".go")):
            continue
        text = (bench.git.blob(git_dir, commit, path) or b"").decode("utf-8", "replace")
        for rule in read_gitleaks(text, seed="peer"):
            if not rule.regex:
                continue
            pattern = compile_go(rule.regex)
            if pattern is None:
                failed.append(rule.function)
            else:
                compiled[rule.function] = pattern
    return compiled, failed


def found_by(line: str, rules: dict[str, re.Pattern[str]]) -> bool:
    return any(p.search(line) for p in rules.values())


def rate(hits: list[bool]) -> str:
    return f"{100 * sum(hits) / len(hits):5.1f}% ({sum(hits)}/{len(hits)})" if hits else "   -  "


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mirror-root", type=Path, default=Path("/work/.mirror"))
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args(argv)

    all_samples = bench.load_manifest()
    verdicts = bench.load_verdicts()
    judged = [s for s in all_samples if s.key not in verdicts]
    started = time.perf_counter()
    rules, failed = gitleaks_rules(args.mirror_root)
    report = bench.nhiguard_json(bench.TREE, bench.nhiguard_root(None), args.jobs)
    ours = {
        o.sample.key: o
        for o in bench.outcomes(all_samples, bench.findings_by_line(report, bench.TREE))
    }
    shapes = bench.formats(all_samples, args.mirror_root) or {}

    def yaml_hit(s: Sample) -> bool:
        return found_by(bench.yaml_line(s.value), rules)

    def env_hit(s: Sample) -> bool:
        return found_by(bench.env_line(bench.credential_name(s.provider), s.value), rules)

    rows: list[tuple[str, Callable[[Sample], bool]]] = [
        ("all", lambda s: True),
        ("gitleaks samples", lambda s: s.source == "gitleaks"),
        ("trufflehog samples", lambda s: s.source == "trufflehog"),
        ("carrying a format", lambda s: s.key in shapes and shapes[s.key].kind == "fixed"),
    ]
    print(
        f"gitleaks {bench.GITLEAKS[1][:12]}: {len(rules)} rule regexes, {len(failed)} untranslatable"
        + (f" ({', '.join(failed)})" if failed else "")
    )
    print(f"judged samples: {len(judged)} ({len(verdicts)} verdicts of label noise left out)\n")
    print(f"{'true values':<22} {'form':<26} {'gitleaks regexes':>22} {'nhiguard':>22}")
    for name, keep in rows:
        true = [s for s in judged if s.label == "true" and keep(s)]
        for form, peer, mine in (
            ("format alone (YAML)", yaml_hit, lambda s: ours[s.key].format_hit),
            (".env, credential name", env_hit, lambda s: bool(ours[s.key].env)),
        ):
            print(
                f"{name:<22} {form:<26} {rate([peer(s) for s in true]):>22} "
                f"{rate([mine(s) for s in true]):>22}"
            )
    false = [s for s in judged if s.label == "false"]
    print(
        f"\n{'false values':<22} {'fires on the YAML line':<26} {rate([yaml_hit(s) for s in false]):>22} "
        f"{rate([ours[s.key].sec002_fired for s in false]):>22}  (nhiguard: SEC002, any form)"
    )
    peer_only = [
        s for s in judged if s.label == "true" and yaml_hit(s) and not ours[s.key].format_hit
    ]
    print(
        f"\ntrue values gitleaks' regexes find by format alone and nhiguard does not: {len(peer_only)}"
    )
    for s in peer_only:
        matched = [n for n, p in rules.items() if p.search(bench.yaml_line(s.value))]
        print(
            f"  {s.source}:{s.provider} {s.file}#{s.index} {mask(s.value)} ({', '.join(matched)})"
        )
    print(f"\n({time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
