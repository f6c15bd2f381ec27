"""The blind-set scorer matches line labels to findings as its docstring says.

The blind labels are one per line and rule, unlike the peer suites' labels,
so the blind scorer adds its own rules on top of the shared statement-span
matching: a finding satisfies one label only, an exact-line finding is
preferred, and a finding on a clean line counts against precision even when
it is reported at the use of a value whose literal sits on the clean line.
A slip here would move the first blind score silently. Inputs are written
for this test.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

BLIND = Path(__file__).resolve().parent.parent / "benchmarks" / "blind"
PEERS = BLIND.parent / "peers"


@pytest.fixture(scope="module")
def blind() -> ModuleType:
    sys.path.insert(0, str(PEERS))
    spec = importlib.util.spec_from_file_location("blind_scorer", BLIND / "blindset.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


TEXT = "\n".join(
    [
        "import jwt",  # 1
        "KEY = 'k' * 8",  # 2
        "claims = {",  # 3
        "    'password': p,",  # 4
        "    'api_key': k,",  # 5
        "}",  # 6
        "jwt.encode(claims, KEY)",  # 7
        "jwt.decode(t, KEY, algorithms=['HS256'])",  # 8
    ]
)


def _file(blind: ModuleType, expect: list[tuple[int, str]], clean: list[tuple[int, str]]) -> object:
    return blind.BlindFile(
        "o/r",
        "c" * 40,
        "a.py",
        expect=[blind.LineLabel(n, r) for n, r in expect],
        clean=[blind.LineLabel(n, r) for n, r in clean],
    )


def test_two_labels_on_one_statement_need_two_findings(blind: ModuleType) -> None:
    f = _file(blind, [(4, "JWT011"), (5, "JWT011")], [])
    one = blind.match_file(f, TEXT, {(4, "JWT011"): {4}})
    assert sorted((o.line, o.kind) for o in one) == [(4, "tp"), (5, "fn")]
    two = blind.match_file(f, TEXT, {(5, "JWT011"): {5}, (4, "JWT011"): {4}})
    assert sorted((o.line, o.kind) for o in two) == [(4, "tp"), (5, "tp")]


def test_related_line_satisfies_and_clean_line_is_fp(blind: ModuleType) -> None:
    # HMAC001 reported at the use (7) with the literal (2) as related: the label on 2 holds.
    f = _file(blind, [(2, "HMAC001")], [(8, "JWT003"), (8, "HMAC001")])
    got = blind.match_file(
        f, TEXT, {(7, "HMAC001"): {7, 2}, (8, "JWT003"): {8}, (1, "SEC004"): {1}}
    )
    kinds = {(o.line, o.rule, o.kind) for o in got}
    assert kinds == {(2, "HMAC001", "tp"), (8, "JWT003", "fp"), (1, "SEC004", "unlabeled")}


def test_clean_label_of_another_rule_leaves_finding_unlabeled(blind: ModuleType) -> None:
    f = _file(blind, [], [(8, "JWT004")])
    got = blind.match_file(f, TEXT, {(8, "JWT003"): {8}})
    assert [(o.line, o.rule, o.kind) for o in got] == [(8, "JWT003", "unlabeled")]


def test_verdict_word_must_fit_the_outcome(blind: ModuleType, tmp_path: Path) -> None:
    path = tmp_path / "v.yaml"
    path.write_text(
        "verdicts:\n  - {repo: o/r, path: a.py, line: 1, rule: X, outcome: unlabeled,"
        " verdict: real miss, reason: r}\n",
        encoding="utf-8",
    )
    with pytest.raises(SystemExit):
        blind.load_verdicts(path)
