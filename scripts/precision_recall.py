"""Per-rule precision and recall over the annotated fixtures and the rule examples.

python scripts/precision_recall.py               # fixtures + bad/good examples
python scripts/precision_recall.py --limits      # also count known misses (limits)
python scripts/precision_recall.py --details     # list every FP and FN

Fixtures (tests/fixtures/<repo>/): a finding on a line whose `# expect:` names
its rule is a true positive, any other finding a false positive, and an
expectation nobody reported a false negative. Rule examples: the lines a bad
example (or, with --limits, a limits example) marks for its own rule are the
positives; any report of that rule in a good example is a false positive.
Other rules firing inside an example are not judged, as in test_rule_examples.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from scanner import catalog
from scanner.configuration import Config
from scanner.engine import scan_text
from scanner.model import Example, Rule

REPO = Path(__file__).resolve().parent.parent
TESTS = REPO / "tests"


@dataclass(frozen=True)
class Outcome:
    """One judged (source, path, line, rule): tp, fp or fn."""

    kind: str
    source: str
    path: str
    line: int
    rule: str


def _test_helpers() -> tuple[ModuleType, ModuleType]:
    """The annotation grammar and fixture scan the test suite uses, so both count alike."""
    if str(TESTS) not in sys.path:
        sys.path.insert(0, str(TESTS))
    import annotations
    import fixture_scan

    return annotations, fixture_scan


def _judge(source: str, wanted: set[tuple[str, int, str]], got: set[tuple[str, int, str]]):
    for path, line, rule in sorted(wanted & got):
        yield Outcome("tp", source, path, line, rule)
    for path, line, rule in sorted(got - wanted):
        yield Outcome("fp", source, path, line, rule)
    for path, line, rule in sorted(wanted - got):
        yield Outcome("fn", source, path, line, rule)


def fixture_outcomes(root: Path, rules: Sequence[Rule]) -> Iterable[Outcome]:
    _, fixture_scan = _test_helpers()
    for folder in fixture_scan.fixture_folders(root):
        result = fixture_scan.scan_fixture(folder, rules)
        if not result.expected and not result.negatives:
            continue  # not annotated inline (e.g. a sidecar expect.yaml): cannot judge
        yield from _judge(f"fixture:{folder.name}", set(result.expected), set(result.reported))


def _reported(rule: Rule, example: Example, rules: Sequence[Rule]) -> set[tuple[str, int, str]]:
    config = Config(rule_parameters={rule.id: dict(example.parameters)})
    outcome = scan_text(example.path, example.code, config, rules, reraise=False)
    return {
        (example.path, f.location.line, f.rule_id)
        for f in outcome.findings
        if f.rule_id == rule.id and f.suppression is None
    }


def example_outcomes(rules: Sequence[Rule], *, limits: bool) -> Iterable[Outcome]:
    annotations, _ = _test_helpers()
    groups = ("bad", "good", "limits") if limits else ("bad", "good")
    for rule in rules:
        for group in groups:
            for index, example in enumerate(getattr(rule, group)):
                source = f"example:{rule.id}-{group}-{index}"
                wanted = (
                    set()
                    if group == "good"
                    else {
                        (example.path, line, rule_id)
                        for line, rule_id in annotations.expected(example.code)
                        if rule_id == rule.id
                    }
                )
                yield from _judge(source, wanted, _reported(rule, example, rules))


def _ratio(numerator: int, denominator: int) -> str:
    return f"{numerator / denominator:.3f}" if denominator else "n/a"


def table(outcomes: Sequence[Outcome], rule_ids: Sequence[str]) -> str:
    counts: dict[str, Counter[str]] = {rule_id: Counter() for rule_id in rule_ids}
    for outcome in outcomes:
        counts.setdefault(outcome.rule, Counter())[outcome.kind] += 1
    total: Counter[str] = Counter()
    rows = [("rule", "TP", "FP", "FN", "precision", "recall")]
    for rule_id in sorted(counts):
        c = counts[rule_id]
        total.update(c)
        rows.append(_row(rule_id, c))
    rows.append(_row("TOTAL", total))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for number, row in enumerate(rows):
        cells = [
            row[0].ljust(widths[0]),
            *(cell.rjust(w) for cell, w in zip(row[1:], widths[1:], strict=True)),
        ]
        if number == len(rows) - 1:
            lines.append("-" * len("  ".join(cells)))
        lines.append("  ".join(cells))
    return "\n".join(lines)


def _row(name: str, c: Counter[str]) -> tuple[str, str, str, str, str, str]:
    tp, fp, fn = c["tp"], c["fp"], c["fn"]
    return (name, str(tp), str(fp), str(fn), _ratio(tp, tp + fp), _ratio(tp, tp + fn))


def details(outcomes: Sequence[Outcome]) -> str:
    wrong = [o for o in outcomes if o.kind != "tp"]
    if not wrong:
        return "no false positives or false negatives"
    return "\n".join(
        f"{o.kind.upper()}  {o.rule}  {o.source}  {o.path}:{o.line}"
        for o in sorted(wrong, key=lambda o: (o.rule, o.kind, o.source, o.path, o.line))
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--fixtures",
        type=Path,
        default=TESTS / "fixtures",
        help="folder holding the annotated fixture repos (default: tests/fixtures)",
    )
    parser.add_argument("--no-fixtures", action="store_true", help="skip the fixture repos")
    parser.add_argument("--no-examples", action="store_true", help="skip the rule examples")
    parser.add_argument(
        "--limits",
        action="store_true",
        help="also count limits examples (known misses) as positives",
    )
    parser.add_argument("--rule", action="append", default=[], help="only this rule (repeatable)")
    parser.add_argument("--details", action="store_true", help="list every FP and FN")
    args = parser.parse_args(argv)

    rules = catalog.load()
    outcomes: list[Outcome] = []
    if not args.no_fixtures and args.fixtures.is_dir():
        outcomes.extend(fixture_outcomes(args.fixtures, rules))
    if not args.no_examples:
        outcomes.extend(example_outcomes(rules, limits=args.limits))
    selected = {r.upper() for r in args.rule}
    if selected:
        outcomes = [o for o in outcomes if o.rule in selected]
    judged = sorted(selected or {r.id for r in rules})

    print(table(outcomes, judged))
    if args.details:
        print()
        print(details(outcomes))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
