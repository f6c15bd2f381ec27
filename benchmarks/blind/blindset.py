"""Rebuild and score the blind real-code set: strict and judged P/R per rule.

The blind set (DESIGN.md "Accuracy") is 61 real Python files from 32 public
repositories, labeled line by line by someone who read only README.md and
docs/rules/, and frozen (`labels.yaml`, `frozen_at`) before any fix. It
measures nhiguard on code and on reading of the docs that nobody on the team
wrote, which the peer suites (benchmarks/peers/) cannot: those are test files
written for other tools' rules.

    python benchmarks/blind/blindset.py rebuild [--mirror-root /work/.mirror]
    python benchmarks/blind/blindset.py score [--details] [--unjudged] [--check]

Rebuild writes each labeled file, at its pinned commit, from the bare mirror
`<mirror-root>/<owner>+<name>/repo` (read with the peer rebuild's hardened
`git show`, nothing from the mirror runs) into the git-ignored
`.bench/blind/<owner>+<name>/<path>`, plus the unscored `context.yaml` files
(other files of a repository that a cross-file rule such as SEC003 needs).

Score scans each repository's folder in one scan, every rule on, default
parameters, so SEC003 and cross-file linking see all its files together.
Matching reuses the peer scorer's pieces (`statement_spans`, `label_hits`,
`run_scan`): an `expect` label marks the statement on its line, and a finding
of the label's rule whose line or related line (where it says the value is
used) lies in that statement is a true positive. Unlike the peer suites, the
blind labels are one per line and rule, so two labels of one rule on one
statement (two claims of a multi-line dict) each need their own finding: a
label takes an unused finding first, preferring one on its exact line, and
is a false negative when none is left. A finding not taken by an `expect`
label, with one of its lines in the statement of a `clean` label of the same
rule, is a false positive. Any other finding in a labeled file is
`unlabeled`: listed for a verdict, never counted (the labeler said nothing
about that line and rule). Findings in context files are not scored.

Strict scores use the labels as they are. Judged scores apply
`verdicts.yaml` (one verdict per disagreement, keyed by repo, path, line,
rule and outcome fn | fp | unlabeled): `real miss` and `real false positive`
stay counted; `label doubtful` (the label misreads what the docs say the
rule means, with the reason) takes the label out of the count, as if it did
not exist. Unlabeled findings are judged `true` or `false` and only listed.
A disagreement without a verdict counts as in strict and is listed as
unjudged; a verdict matching no disagreement is stale.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "peers"))

import rebuild as peer_rebuild  # noqa: E402
import score as peer_score  # noqa: E402

from scanner import git  # noqa: E402

REPO = peer_rebuild.REPO
LABELS = HERE / "labels.yaml"
CONTEXT = HERE / "context.yaml"
VERDICTS = HERE / "verdicts.yaml"
OUT = REPO / ".bench" / "blind"
DOUBTFUL = "label doubtful"
FN_FP_WORDS = frozenset({"real miss", "real false positive", DOUBTFUL})
UNLABELED_WORDS = frozenset({"true", "false"})


@dataclass(frozen=True)
class LineLabel:
    """The labeler's word on one line and rule: `expect` a finding there, or `clean`."""

    line: int
    rule: str
    why: str = ""


@dataclass
class BlindFile:
    """One labeled file: where it lives upstream and its expect / clean labels."""

    repo: str
    commit: str
    path: str
    expect: list[LineLabel] = field(default_factory=list)
    clean: list[LineLabel] = field(default_factory=list)

    @property
    def local(self) -> Path:
        """Where rebuild writes it; one folder per repository, scanned as one."""
        return OUT / self.repo.replace("/", "+") / self.path


@dataclass(frozen=True)
class Outcome:
    """One scored or listed item: tp | fn | fp | unlabeled for (file, line, rule)."""

    repo: str
    path: str
    line: int
    rule: str
    kind: str

    @property
    def side(self) -> str:
        """What peer_score.Tally reads: tp, fn or fp (unlabeled never reaches it)."""
        return self.kind

    @property
    def key(self) -> tuple[str, str, int, str, str]:
        return (self.repo, self.path, self.line, self.rule, self.kind)


def load_labels(path: Path = LABELS) -> list[BlindFile]:
    """The frozen labels; a malformed entry stops here rather than scoring half a set."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    files = []
    for entry in data["files"]:
        files.append(
            BlindFile(
                repo=entry["repo"],
                commit=str(entry["commit"]),
                path=entry["path"],
                expect=[
                    LineLabel(int(x["line"]), x["rule"], x.get("why", ""))
                    for x in entry.get("expect") or []
                ],
                clean=[
                    LineLabel(int(x["line"]), x["rule"], x.get("why", ""))
                    for x in entry.get("clean") or []
                ],
            )
        )
    return files


def load_context(path: Path = CONTEXT) -> list[tuple[str, str, str]]:
    """(repo, commit, path) of every unscored context file."""
    if not path.exists():
        return []
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return [(c["repo"], str(c["commit"]), p) for c in data.get("context") or [] for p in c["paths"]]


def rebuild(mirror_root: Path) -> int:
    """Replace `.bench/blind/` with exactly the labeled and context files at their pins."""
    wanted = [(f.repo, f.commit, f.path) for f in load_labels()] + load_context()
    if OUT.exists():
        shutil.rmtree(OUT)
    for repo, commit, path in wanted:
        git_dir = peer_rebuild.mirror_dir(mirror_root, repo)
        if not git.has_commit(git_dir, commit):
            raise SystemExit(f"no mirror of {repo} holding {commit} under {git_dir}: fetch it")
        dest = OUT / repo.replace("/", "+") / path
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(peer_rebuild._blob(git_dir, commit, path))
    print(f"{len(wanted)} files -> {OUT.relative_to(REPO)}")
    return 0


def match_file(
    blind: BlindFile, text: str, findings: dict[tuple[int, str], set[int]]
) -> list[Outcome]:
    """Outcomes of one labeled file against its findings ((line, rule) -> lines it stands for)."""
    spans = peer_score.statement_spans(text)

    def span(line: int) -> tuple[int, int]:
        return spans.get(line, (line, line))

    out: list[Outcome] = []
    used: set[tuple[int, str]] = set()
    for lb in sorted(blind.expect, key=lambda x: (x.line, x.rule)):
        hits = peer_score.label_hits(findings, span(lb.line), [lb.rule])
        free = [h for h in hits if h not in used]
        free.sort(key=lambda h: (lb.line not in findings[h], h[0]))
        if free:
            used.add(free[0])
            out.append(Outcome(blind.repo, blind.path, lb.line, lb.rule, "tp"))
        else:
            out.append(Outcome(blind.repo, blind.path, lb.line, lb.rule, "fn"))
    clean_spans = {(span(lb.line), lb.rule) for lb in blind.clean}
    for key in sorted(set(findings) - used):
        line, rule = key
        kind = "fp" if any((span(n), rule) in clean_spans for n in findings[key]) else "unlabeled"
        out.append(Outcome(blind.repo, blind.path, line, rule, kind))
    return out


def score_all(files: list[BlindFile]) -> list[Outcome]:
    """One scan per repository folder (labeled and context files together), then matching."""
    by_repo: dict[str, list[BlindFile]] = defaultdict(list)
    for f in files:
        by_repo[f.repo].append(f)
    outcomes: list[Outcome] = []
    for repo, group in sorted(by_repo.items()):
        folder = OUT / repo.replace("/", "+")
        if not folder.is_dir():
            raise SystemExit(f"{folder} is missing: run `blindset.py rebuild` first")
        scanned = sorted(p for p in folder.rglob("*") if p.is_file())
        found = peer_score.run_scan(scanned)
        for f in group:
            text = f.local.read_text(encoding="utf-8", errors="replace")
            outcomes += match_file(f, text, found.get(f.local.resolve(), {}))
    return outcomes


def load_verdicts(path: Path = VERDICTS) -> dict[tuple[str, str, int, str, str], dict[str, Any]]:
    """verdicts.yaml keyed like Outcome.key; a verdict word the outcome cannot take stops the run."""
    if not path.exists():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    table: dict[tuple[str, str, int, str, str], dict[str, Any]] = {}
    for v in data.get("verdicts") or []:
        words = UNLABELED_WORDS if v["outcome"] == "unlabeled" else FN_FP_WORDS
        if str(v["verdict"]) not in words:
            raise SystemExit(f"{path}: verdict {v['verdict']!r} is not one of {sorted(words)}")
        key = (v["repo"], v["path"], int(v["line"]), v["rule"], v["outcome"])
        if key in table:
            raise SystemExit(f"{path}: two verdicts for {key}")
        table[key] = {**v, "verdict": str(v["verdict"])}
    return table


def report(args: argparse.Namespace) -> int:
    """Print per-rule and overall strict / judged TP FP FN and P/R, and the disagreements."""
    files = load_labels()
    outcomes = score_all(files)
    verdicts = load_verdicts()
    per_rule: dict[str, peer_score.Tally] = defaultdict(peer_score.Tally)
    for f in files:  # a rule with only clean labels still gets its row (no FP is news too)
        for lb in f.expect + f.clean:
            per_rule[lb.rule] = per_rule[lb.rule]
    total = peer_score.Tally()
    unlabeled: Counter[tuple[str, str]] = Counter()
    for o in outcomes:
        v = verdicts.get(o.key)
        if o.kind == "unlabeled":
            unlabeled[(o.rule, v["verdict"] if v else "unjudged")] += 1
            continue
        for t in (per_rule[o.rule], total):
            t.add(o, v)  # type: ignore[arg-type]  # duck-typed: Tally reads .side only
    print(f"{'':<22}  TP  FP  FN  strict P/R      |  TP  FP  FN  judged P/R")
    for rule, t in sorted(per_rule.items()):
        print(peer_score.row(f"  {rule}", t))
    print(peer_score.row("all rules", total))
    if unlabeled:
        parts = ", ".join(f"{r} {w} {n}" for (r, w), n in sorted(unlabeled.items()))
        print(f"unlabeled findings (listed, not counted): {sum(unlabeled.values())}: {parts}")
    live = {o.key for o in outcomes if o.kind != "tp"}
    stale = sorted(k for k in verdicts if k not in live)
    for k in stale:
        print(f"stale verdict (no such disagreement now): {k}")
    if args.details:
        print("\ndisagreements")
        for o in outcomes:
            if o.kind == "tp":
                continue
            v = verdicts.get(o.key)
            said = f"{v['verdict']}: {v.get('reason', '')}" if v else "UNJUDGED"
            print(f"  {o.repo} {o.path}:{o.line} {o.rule} {o.kind} -> {said}")
    if args.unjudged:
        for o in outcomes:
            if o.kind != "tp" and o.key not in verdicts:
                print(
                    f"  - {{repo: {o.repo}, path: {o.path}, line: {o.line}, rule: {o.rule}, "
                    f"outcome: {o.kind}, verdict: '', reason: ''}}"
                )
    pending = sum(1 for o in outcomes if o.kind != "tp" and o.key not in verdicts)
    return 1 if args.check and (pending or stale) else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    rb = sub.add_parser("rebuild", help="write the labeled files into .bench/blind/")
    rb.add_argument("--mirror-root", type=Path, default=Path("/work/.mirror"))
    sc = sub.add_parser("score", help="scan .bench/blind/ and score it against labels.yaml")
    sc.add_argument("--details", action="store_true", help="list every disagreement")
    sc.add_argument("--unjudged", action="store_true", help="print verdicts.yaml stubs")
    sc.add_argument(
        "--check", action="store_true", help="exit 1 while a disagreement is unjudged or stale"
    )
    args = parser.parse_args(argv)
    if args.command == "rebuild":
        return rebuild(args.mirror_root)
    return report(args)


if __name__ == "__main__":
    sys.exit(main())
