"""Score nhiguard on the blind-labeled gateway repositories: strict and judged P/R per rule.

The set (issue 13 item 5, README.md here) is five small repositories under
`repos/` (a mesh, a Kong/NGINX/Traefik edge, an AWS API, Azure APIM + Apigee +
Spring, two Python services), labeled in `labels.yaml` before any gateway
analyzer existed and frozen (`frozen_at`). Nothing is fetched or rebuilt: the
repositories are committed as they are.

    python benchmarks/gateways/score.py [--set FOLDER] [--details] [--unjudged] [--check]

`--set` scores another set laid out the same way (`labels.yaml`, `repos/`,
its own `verdicts.yaml`), such as the held-out `benchmarks/gateways_heldout`;
the default is this folder.

Each repository is scanned in one scan, every rule on, default parameters
(the blind set's `run_scan`), so cross-file rules (SEC003, TOK002, K8S001
joins, Istio policy coverage) see all its files. Matching is the blind set's
(`blindset.match_file`): a `line` label marks its line (in Python, the
statement on it), and a finding of its rule whose line or related line lies
there answers it. This scorer adds one form: a `span: [first, last]` label
marks a whole resource or block (a validator missing a check, an uncovered
RequestAuthentication, a workload); an `expect` span takes a finding of its
rule on any of those lines that no line label took, and a finding left over in
a `clean` span of its rule is a false positive. Any other finding in the
repositories is `unlabeled`: listed, never counted. The printout is the blind
set's `report`, fed with this set's labels, scan and verdicts.

Strict scores take the labels as they are; judged scores apply
`verdicts.yaml` (same format and words as benchmarks/blind/verdicts.yaml,
keyed by repo, path, line, rule and outcome). `--check` exits 1 unless judged
precision is at least 0.90 and recall at least 0.85 over all rules, and each
new rule (GW001, TOK001, TOK002, K8S001) has recall at least 0.80 (issue 13).
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from unittest import mock

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "blind"))

import blindset  # noqa: E402
from blindset import LineLabel, Outcome, peer_score  # noqa: E402

NEW_RULES = ("GW001", "TOK001", "TOK002", "K8S001")
MIN_PRECISION, MIN_RECALL, MIN_NEW_RULE_RECALL = 0.90, 0.85, 0.80


@dataclass(frozen=True)
class SpanLabel:
    """A label on a whole block: lines first..last, both included."""

    first: int
    last: int
    rule: str
    why: str = ""


@dataclass
class GatewayFile:
    """One file of a repository with its line labels and its span labels."""

    repos: Path
    repo: str
    path: str
    lines: blindset.BlindFile
    expect_spans: list[SpanLabel] = field(default_factory=list)
    clean_spans: list[SpanLabel] = field(default_factory=list)

    @property
    def local(self) -> Path:
        return self.repos / self.repo / self.path

    @property
    def expect(self) -> list[LineLabel | SpanLabel]:
        """Every expect label (blindset.report reads .expect and .clean for its rows)."""
        return [*self.lines.expect, *self.expect_spans]

    @property
    def clean(self) -> list[LineLabel | SpanLabel]:
        return [*self.lines.clean, *self.clean_spans]


def load_labels(folder: Path = HERE) -> list[GatewayFile]:
    """Every labeled file of a set, then every other file of its repositories (unlabeled, for listing)."""
    data = yaml.safe_load((folder / "labels.yaml").read_text(encoding="utf-8"))
    repos = folder / "repos"
    files: dict[tuple[str, str], GatewayFile] = {}
    for entry in data["files"]:
        split: dict[str, tuple[list[LineLabel], list[SpanLabel]]] = {}
        for kind in ("expect", "clean"):
            lines, spans = [], []
            for x in entry.get(kind) or []:
                if "span" in x:
                    first, last = (int(n) for n in x["span"])
                    spans.append(SpanLabel(first, last, x["rule"], x.get("why", "")))
                else:
                    lines.append(LineLabel(int(x["line"]), x["rule"], x.get("why", "")))
            split[kind] = (lines, spans)
        repo, rel = entry["repo"], entry["path"]
        files[(repo, rel)] = GatewayFile(
            repos,
            repo,
            rel,
            blindset.BlindFile(repo, "", rel, expect=split["expect"][0], clean=split["clean"][0]),
            expect_spans=split["expect"][1],
            clean_spans=split["clean"][1],
        )
    for repo_dir in sorted(p for p in repos.iterdir() if p.is_dir()):
        for file in sorted(p for p in repo_dir.rglob("*") if p.is_file()):
            rel = file.relative_to(repo_dir).as_posix()
            files.setdefault(
                (repo_dir.name, rel),
                GatewayFile(repos, repo_dir.name, rel, blindset.BlindFile(repo_dir.name, "", rel)),
            )
    return list(files.values())


def match_file(
    gf: GatewayFile, text: str, findings: dict[tuple[int, str], set[int]]
) -> list[Outcome]:
    """blindset.match_file for the line labels, then the span labels on what it left over."""
    # statement spans only mean something in Python; a YAML or .cfg file that
    # happens to parse as Python must keep one line per label
    code = text if gf.path.endswith(".py") else ""
    out = blindset.match_file(gf.lines, code, findings)
    left = {(o.line, o.rule): o for o in out if o.kind in ("unlabeled", "fp")}
    for lb in sorted(gf.expect_spans, key=lambda x: (x.first, x.rule)):
        hits = [
            h for h in peer_score.label_hits(findings, (lb.first, lb.last), [lb.rule]) if h in left
        ]
        if hits:
            out.remove(left.pop(hits[0]))
        out.append(Outcome(gf.repo, gf.path, lb.first, lb.rule, "tp" if hits else "fn"))
    for key, o in left.items():
        if o.kind == "unlabeled" and any(
            lb.rule == o.rule and any(lb.first <= n <= lb.last for n in findings[key])
            for lb in gf.clean_spans
        ):
            out[out.index(o)] = dataclasses.replace(o, kind="fp")
    return out


def score_all(files: list[GatewayFile]) -> list[Outcome]:
    """One scan per repository folder, then matching file by file."""
    by_repo: dict[str, list[GatewayFile]] = defaultdict(list)
    for f in files:
        by_repo[f.repo].append(f)
    outcomes: list[Outcome] = []
    for _, group in sorted(by_repo.items()):
        found = peer_score.run_scan(sorted(f.local for f in group))
        for f in group:
            text = f.local.read_text(encoding="utf-8", errors="replace")
            outcomes += match_file(f, text, found.get(f.local.resolve(), {}))
    return outcomes


def _ratio(a: int, b: int) -> float:
    return a / b if b else 1.0


def check(outcomes: list[Outcome], verdicts: dict[tuple[str, str, int, str, str], Any]) -> int:
    """Issue 13's targets on judged counts: 1 and the reasons when one is missed."""
    total = peer_score.Tally()
    per_rule: dict[str, peer_score.Tally] = defaultdict(peer_score.Tally)
    for o in outcomes:
        if o.kind != "unlabeled":
            for t in (total, per_rule[o.rule]):
                t.add(o, verdicts.get(o.key))  # type: ignore[arg-type]  # Tally reads .side only
    failures = []
    if _ratio(total.jtp, total.jtp + total.jfp) < MIN_PRECISION:
        failures.append(f"precision below {MIN_PRECISION}")
    if _ratio(total.jtp, total.jtp + total.jfn) < MIN_RECALL:
        failures.append(f"recall below {MIN_RECALL}")
    for rule in NEW_RULES:
        t = per_rule[rule]
        if _ratio(t.jtp, t.jtp + t.jfn) < MIN_NEW_RULE_RECALL:
            failures.append(f"{rule} recall below {MIN_NEW_RULE_RECALL}")
    for failure in failures:
        print(f"check failed: {failure}")
    return 1 if failures else 0


def report(args: argparse.Namespace) -> int:
    """The blind set's report (rows, unlabeled, stale verdicts, disagreements) on the chosen set."""
    verdicts = blindset.load_verdicts(args.set / "verdicts.yaml")
    outcomes: list[Outcome] = []

    def scored(files: list[GatewayFile]) -> list[Outcome]:
        outcomes.extend(score_all(files))
        return outcomes

    # blindset.report reads its labels, scan and verdicts through these module names
    with mock.patch.multiple(
        blindset,
        load_labels=lambda: load_labels(args.set),
        score_all=scored,
        load_verdicts=lambda: verdicts,
    ):
        blindset.report(
            argparse.Namespace(details=args.details, unjudged=args.unjudged, check=False)
        )
    return check(outcomes, verdicts) if args.check else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--set",
        type=lambda s: Path(s).resolve(),
        default=HERE,
        help="folder of the set to score: labels.yaml, repos/, verdicts.yaml (default: this one)",
    )
    parser.add_argument("--details", action="store_true", help="list every disagreement")
    parser.add_argument("--unjudged", action="store_true", help="print verdicts.yaml stubs")
    parser.add_argument(
        "--check",
        action="store_true",
        help="exit 1 below P 0.90 / R 0.85 overall or R 0.80 for a new rule (judged)",
    )
    return report(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
