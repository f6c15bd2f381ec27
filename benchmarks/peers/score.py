"""Score nhiguard on other projects' labeled test files: strict and judged P/R.

Fixtures written by the people who write the analyzer measure its own
assumptions (issue 10); semgrep-rules, sonar-python and CodeQL wrote test files
for their own JWT, HMAC and secret-key rules, and their labels are read here as
expectations for ours. Rebuild the files first (benchmarks/peers/rebuild.py).

    python benchmarks/peers/score.py [--details] [--unjudged] [--check]

`--check` fails (exit 1) while a disagreement has no verdict or a verdict no
longer matches one, so a change in scanner/ that moves a score cannot land
without its verdicts being revisited.

Labels (the syntax is named per suite in suites.yaml):
- semgrep: a comment line `# ruleid: A, B` (also `todoruleid:`) marks the next
  code line as a finding of A and B; `# ok: A` (also `todook:`) as clean.
- sonar: `# Noncompliant` (optionally `N` issues, `@+N`/`@-N` line offset,
  `{{message}}`) marks its line; comment-only lines of `^^^` secondary
  locations are not labels; `# FN` marks a defect Sonar itself misses (still a
  defect, so expected here); `# Compliant` and `# OK` mark clean lines. The
  rule is the file's (`file_rules`).
- codeql: `# $ Alert` or `# $ Alert[query-id]` marks its line (`$ Source` is a
  flow start, not a finding); a trailing `#bad` / `#good` comment marks a bad /
  clean line; `extra_labels` in suites.yaml add what only an .expected file says.

Matching: a label marks the statement on its line: the innermost simple
statement containing the line, or for a compound statement its header
(`if ...:`, `def ...:`) lines. A finding of any of the label's mapped rules
(suites.yaml `rules`) whose line lies inside that statement satisfies the
label (a true positive, charged to that finding's rule); so does one whose
related location (where the finding says the value is used) lies there, as
when a key is reported at its literal for the statement that uses it; a label nothing
satisfies is a false negative of the first mapped rule. Within a file, the
rules in scope are those mapped from the peer rules that apply to it (named
by its labels, or by `file_rules`); any other finding of an in-scope rule is a
false positive (`fp-ok` when it sits on a statement the peer marked clean,
`fp-unlabeled` otherwise). Findings of rules not in scope for the file are
counted apart and never scored: the peer said nothing about them. Labels of
peer rules listed as `out_of_scope` are counted apart too.

Strict scores count every disagreement. Judged scores apply
`verdicts.yaml`, one verdict per disagreement (suite, file, line, rule, fn|fp):
- `real miss` (fn) and `real false positive` (fp) stay counted;
- `label wrong` (the peer's label is mistaken for what our rule means),
  `out of scope` (no rule of ours is meant to cover it) and `ours right`
  (our answer is correct: the defect is reported on another line of the same
  flow, or the line is not the defect our rule names) are taken out of the
  count, as if the label (fn) or the finding (fp) did not exist.
A disagreement without a verdict counts as in strict and is listed as
unjudged; a verdict matching no disagreement is listed as stale.
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from rebuild import OUT, REPO, glob_match, load_suites  # noqa: E402

if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from scanner import catalog  # noqa: E402
from scanner.configuration import Config  # noqa: E402
from scanner.engine import scan  # noqa: E402

VERDICTS = HERE / "verdicts.yaml"
EXCLUDED = frozenset({"label wrong", "out of scope", "ours right"})
COUNTED = frozenset({"real miss", "real false positive"})

_SEMGREP = re.compile(r"^\s*#\s*(todoruleid|ruleid|todook|ok)\s*:\s*(.+?)\s*$")
_SONAR_BAD = re.compile(r"#\s*Noncompliant(?:\s+\d+)?(?:@([+-]\d+))?\b")
_SONAR_FN = re.compile(r"#\s*FN\b")
_SONAR_OK = re.compile(r"#\s*(Compliant|OK)\b")
_CODEQL_ALERT = re.compile(r"#.*\$\s*Alert(?:\[([^\]]+)\])?")
_CODEQL_BAD = re.compile(r"#\s*bad\b", re.IGNORECASE)
_CODEQL_GOOD = re.compile(r"#\s*good\b", re.IGNORECASE)


@dataclass(frozen=True)
class Label:
    """A peer's statement about one line: `bad` (a finding belongs here) or `ok`."""

    path: str
    line: int
    rule: str
    kind: str


@dataclass(frozen=True)
class Outcome:
    """One scored item; `rule` is ours, `peer` the peer rule behind it (if any)."""

    suite: str
    path: str
    line: int
    rule: str
    kind: str  # tp | fn | fp-ok | fp-unlabeled
    peer: str = ""

    @property
    def key(self) -> tuple[str, str, int, str, str]:
        return (self.suite, Path(self.path).name, self.line, self.rule, self.side)

    @property
    def side(self) -> str:
        return "fn" if self.kind == "fn" else "fp" if self.kind.startswith("fp") else "tp"


def _is_comment_only(text: str) -> bool:
    return text.lstrip().startswith("#")


def semgrep_labels(path: str, lines: list[str]) -> list[Label]:
    """`# ruleid:` / `# ok:` comment lines, each marking the next code line."""
    labels = []
    for i, text in enumerate(lines):
        m = _SEMGREP.match(text)
        if not m:
            continue
        target = i + 1
        while target < len(lines) and (
            not lines[target].strip() or _is_comment_only(lines[target])
        ):
            target += 1
        kind = "bad" if m.group(1).endswith("ruleid") else "ok"
        for rule in (r.strip() for r in m.group(2).split(",")):
            if rule:
                labels.append(Label(path, target + 1, rule, kind))
    return labels


def sonar_labels(path: str, lines: list[str], rule: str) -> list[Label]:
    """Noncompliant (with offsets), FN and Compliant/OK markers; `^^^` lines are skipped."""
    labels = []
    for i, text in enumerate(lines, start=1):
        if _is_comment_only(text) and "^" in text:
            continue
        if m := _SONAR_BAD.search(text):
            labels.append(Label(path, i + int(m.group(1) or 0), rule, "bad"))
        elif not _is_comment_only(text) and _SONAR_FN.search(text):
            labels.append(Label(path, i, rule, "bad"))
        elif not _is_comment_only(text) and _SONAR_OK.search(text):
            labels.append(Label(path, i, rule, "ok"))
    return labels


def codeql_labels(path: str, lines: list[str], rule: str) -> list[Label]:
    """Inline `$ Alert[...]` expectations and trailing `#bad` / `#good` comments."""
    labels = []
    for i, text in enumerate(lines, start=1):
        if _is_comment_only(text):
            continue
        if m := _CODEQL_ALERT.search(text):
            labels.append(Label(path, i, m.group(1) or rule, "bad"))
        elif _CODEQL_BAD.search(text):
            labels.append(Label(path, i, rule, "bad"))
        elif _CODEQL_GOOD.search(text):
            labels.append(Label(path, i, rule, "ok"))
    return labels


def file_rule(suite: dict[str, Any], path: str) -> str | None:
    """The peer rule a whole file tests, for syntaxes whose labels do not name one."""
    for pattern, rule in (suite.get("file_rules") or {}).items():
        if glob_match(path, pattern):
            return str(rule)
    return None


def labels_of(suite: dict[str, Any], path: str, text: str) -> list[Label]:
    """Every label of one file, in the suite's syntax, plus `extra_labels` for it."""
    lines = text.splitlines()
    syntax = suite["labels"]
    rule = file_rule(suite, path)
    if syntax == "semgrep":
        found = semgrep_labels(path, lines)
    elif syntax == "sonar":
        found = sonar_labels(path, lines, rule or "?")
    elif syntax == "codeql":
        found = codeql_labels(path, lines, rule or "?")
    else:
        raise SystemExit(f"unknown label syntax {syntax!r}")
    for extra in suite.get("extra_labels") or []:
        if extra["path"] == path:
            found.append(Label(path, int(extra["line"]), extra["rule"], extra["kind"]))
    return found


def statement_spans(text: str) -> dict[int, tuple[int, int]]:
    """Line -> (first, last) line of the statement a label on that line marks."""
    spans: dict[int, tuple[int, int]] = {}
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return spans

    def visit(body: Iterable[ast.stmt]) -> None:
        for stmt in body:
            children = [
                getattr(stmt, f) for f in ("body", "orelse", "finalbody") if getattr(stmt, f, None)
            ]
            children += [h.body for h in getattr(stmt, "handlers", [])]
            children += [c.body for c in getattr(stmt, "cases", [])]
            end = stmt.end_lineno or stmt.lineno
            if children:
                end = min(b[0].lineno for b in children) - 1
                decorators = getattr(stmt, "decorator_list", [])
                start = min([stmt.lineno, *(d.lineno for d in decorators)])
            else:
                start = stmt.lineno
            for line in range(start, max(start, end) + 1):
                spans[line] = (start, max(start, end))
            for b in children:
                visit(b)

    visit(tree.body)
    return spans


def run_scan(files: list[Path]) -> dict[Path, dict[tuple[int, str], set[int]]]:
    """Every rule on, default parameters, one process: the files as nhiguard sees them.

    Per file: (line, rule) of each finding -> the lines it stands for, its own
    and those of its related locations in the same file (where the value it
    reports is used), so a key reported at its literal can answer a label on
    the statement that uses it, when the finding says so itself.
    """
    rules = catalog.load()
    result = scan(files, Config(), rules, jobs=1)
    root = Path(result.root) if Path(result.root).is_absolute() else Path.cwd() / result.root
    found: dict[Path, dict[tuple[int, str], set[int]]] = defaultdict(dict)
    for f in result.findings:
        lines = found[(root / f.path).resolve()].setdefault((f.location.line, f.rule_id), set())
        lines.add(f.location.line)
        lines.update(r.location.line for r in f.related if r.path == f.path)
    for n in result.notifications:
        print(f"note: {n.path}: {n.kind.value} {n.detail}", file=sys.stderr)
    return found


def label_hits(
    findings: dict[tuple[int, str], set[int]], span: tuple[int, int], accepted: list[str]
) -> list[tuple[int, str]]:
    """The findings that satisfy a label on the statement `span`, best first.

    Shared with the blind-set scorer (benchmarks/blind/score.py) so that both
    match a label to a finding the same way: a finding of an accepted rule
    whose own line, or one of its related lines, lies inside the statement.
    Ordered by the rule's place in `accepted`, then by line.
    """
    first, last = span
    return sorted(
        (
            f
            for f, lines in findings.items()
            if f[1] in accepted and any(first <= n <= last for n in lines)
        ),
        key=lambda f: (accepted.index(f[1]), f[0]),
    )


def score_suite(name: str, suite: dict[str, Any]) -> tuple[list[Outcome], Counter[str]]:
    """Outcomes of one suite, and counts of what is not scored (out of scope, other rules)."""
    base = OUT / name
    if not base.is_dir():
        raise SystemExit(f"{base} is missing: run benchmarks/peers/rebuild.py first")
    files = sorted(p for p in base.rglob("*.py"))
    mapping, also = rule_mapping(suite)
    out_of_scope = set((suite.get("out_of_scope") or {}).keys())
    found = run_scan(files)
    outcomes: list[Outcome] = []
    unscored: Counter[str] = Counter()
    for file in files:
        rel = file.relative_to(base).as_posix()
        text = file.read_text(encoding="utf-8")
        spans = statement_spans(text)
        labels = labels_of(suite, rel, text)
        peer_rules = {lb.rule for lb in labels}
        if fr := file_rule(suite, rel):
            peer_rules.add(fr)
        for lb in labels:
            if lb.rule in out_of_scope:
                unscored[f"label of out-of-scope {lb.rule}"] += 1
            elif lb.rule not in mapping:
                raise SystemExit(f"{name}: {rel}:{lb.line}: peer rule {lb.rule} is not mapped")
        in_scope = {r for p in peer_rules if p in mapping for r in mapping[p]}
        accepted = {p: mapping[p] + also.get(p, []) for p in mapping}
        findings = found.get(file.resolve(), {})
        used: set[tuple[int, str]] = set()
        seen: set[tuple[tuple[int, int], str]] = set()

        def span(line: int, spans: dict[int, tuple[int, int]] = spans) -> tuple[int, int]:
            return spans.get(line, (line, line))

        for lb in sorted((lb for lb in labels if lb.kind == "bad"), key=lambda x: x.line):
            if lb.rule not in mapping or (span(lb.line), lb.rule) in seen:
                continue  # out of scope, or a second count on the same statement
            seen.add((span(lb.line), lb.rule))
            hits = label_hits(findings, span(lb.line), accepted[lb.rule])
            if hits:
                used.update(hits)
                outcomes.append(Outcome(name, rel, lb.line, hits[0][1], "tp", lb.rule))
            else:
                outcomes.append(Outcome(name, rel, lb.line, mapping[lb.rule][0], "fn", lb.rule))
        ok_spans = {span(lb.line) for lb in labels if lb.kind == "ok"}
        for line, rule in sorted(set(findings) - used):
            if rule not in in_scope:
                unscored[f"finding of {rule} (a question its file's peer rules do not ask)"] += 1
                continue
            kind = "fp-ok" if span(line) in ok_spans else "fp-unlabeled"
            outcomes.append(Outcome(name, rel, line, rule, kind))
    return outcomes, unscored


def rule_mapping(suite: dict[str, Any]) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Peer rule -> our scored rules, and -> rules that may also satisfy a label.

    An entry is a list (all scored) or `{rules: [...], also: [...]}`: an `also`
    rule's finding on a labeled statement satisfies the label, but elsewhere it
    is not scored, because it answers a question the peer's rule does not ask
    (JWT003's missing allow-list in a file about skipped signature checks).
    """
    rules: dict[str, list[str]] = {}
    also: dict[str, list[str]] = {}
    for peer, entry in (suite.get("rules") or {}).items():
        if isinstance(entry, dict):
            rules[peer] = list(entry["rules"])
            also[peer] = list(entry.get("also") or [])
        else:
            rules[peer] = list(entry)
    return rules, also


def load_verdicts(path: Path = VERDICTS) -> dict[tuple[str, str, int, str, str], dict[str, str]]:
    """verdicts.yaml keyed like Outcome.key; an unknown verdict word stops the run."""
    if not path.exists():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    table = {}
    for v in data.get("verdicts") or []:
        if v["verdict"] not in EXCLUDED | COUNTED:
            raise SystemExit(f"{path}: unknown verdict {v['verdict']!r}")
        key = (v["suite"], v["file"], int(v["line"]), v["rule"], v["outcome"])
        if key in table:
            raise SystemExit(f"{path}: two verdicts for {key}")
        table[key] = v
    return table


@dataclass
class Tally:
    """TP/FP/FN, strict and judged, for one row of the report."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    jtp: int = 0
    jfp: int = 0
    jfn: int = 0
    unjudged: int = 0

    def add(self, o: Outcome, verdict: dict[str, str] | None) -> None:
        side = o.side
        if side == "tp":
            self.tp += 1
            self.jtp += 1
            return
        setattr(self, side, getattr(self, side) + 1)
        if verdict is None:
            self.unjudged += 1
        if verdict is None or verdict["verdict"] in COUNTED:
            setattr(self, "j" + side, getattr(self, "j" + side) + 1)


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.2f}" if b else "  - "


def row(label: str, t: Tally) -> str:
    strict = f"{t.tp:3d} {t.fp:3d} {t.fn:3d}  P {_ratio(t.tp, t.tp + t.fp)} R {_ratio(t.tp, t.tp + t.fn)}"
    judged = f"{t.jtp:3d} {t.jfp:3d} {t.jfn:3d}  P {_ratio(t.jtp, t.jtp + t.jfp)} R {_ratio(t.jtp, t.jtp + t.jfn)}"
    extra = f"  ({t.unjudged} unjudged)" if t.unjudged else ""
    return f"{label:<22} {strict}   | {judged}{extra}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--suite", action="append", help="only this suite (repeatable)")
    parser.add_argument("--details", action="store_true", help="list every disagreement")
    parser.add_argument(
        "--unjudged", action="store_true", help="print verdicts.yaml stubs for unjudged ones"
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="exit 1 when a disagreement has no verdict or a verdict is stale",
    )
    args = parser.parse_args(argv)
    suites = load_suites()
    verdicts = load_verdicts()
    names = args.suite or list(suites)
    outcomes: list[Outcome] = []
    unscored: dict[str, Counter[str]] = {}
    for name in names:
        got, skipped = score_suite(name, suites[name])
        outcomes += got
        unscored[name] = skipped

    per_suite: dict[str, Tally] = defaultdict(Tally)
    per_rule: dict[str, Tally] = defaultdict(Tally)
    per_suite_rule: dict[tuple[str, str], Tally] = defaultdict(Tally)
    total = Tally()
    for o in outcomes:
        v = verdicts.get(o.key)
        for t in (per_suite[o.suite], per_rule[o.rule], per_suite_rule[(o.suite, o.rule)], total):
            t.add(o, v)

    head = f"{'':<22}  TP  FP  FN  strict P/R      |  TP  FP  FN  judged P/R"
    print(head)
    for name in names:
        print(row(name, per_suite[name]))
        for (s, r), t in sorted(per_suite_rule.items()):
            if s == name:
                print(row(f"  {r}", t))
    print(row("all suites", total))
    print("\nper rule, all suites")
    for r, t in sorted(per_rule.items()):
        print(row(f"  {r}", t))
    for name in names:
        for what, n in sorted(unscored[name].items()):
            print(f"not scored, {name}: {n} x {what}")

    live = {o.key for o in outcomes if o.side != "tp"}
    stale = sorted(k for k in verdicts if k[0] in names and k not in live)
    for k in stale:
        print(f"stale verdict (no such disagreement now): {k}")
    if args.details:
        print("\ndisagreements")
        for o in outcomes:
            if o.side == "tp":
                continue
            v = verdicts.get(o.key)
            said = f"{v['verdict']}: {v['reason']}" if v else "UNJUDGED"
            print(f"  {o.suite} {o.path}:{o.line} {o.rule} {o.kind} {o.peer} -> {said}")
    if args.unjudged:
        for o in outcomes:
            if o.side != "tp" and o.key not in verdicts:
                print(
                    f"  - {{suite: {o.suite}, file: {Path(o.path).name}, line: {o.line}, "
                    f"rule: {o.rule}, outcome: {o.side}, verdict: '', reason: ''}}"
                )
    unjudged = sum(t.unjudged for t in per_suite.values())
    return 1 if args.check and (unjudged or stale) else 0


if __name__ == "__main__":
    sys.exit(main())
