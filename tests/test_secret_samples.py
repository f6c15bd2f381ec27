"""The secret-sample benchmark reads Go sample code and scores lines as its docstring says.

Issue 11's numbers come from benchmarks/secret_samples/: a slip in reading a
`tps` slice or in matching a finding to a sample line would move them
silently. The Go snippets here are written for this test in the shape of
gitleaks rule files and TruffleHog pattern tests (no upstream text); nothing
here needs the mirrors, the network or the benchmark-only generator.
"""

from __future__ import annotations

import ast
import importlib.util
import random
import sys
from pathlib import Path
from types import ModuleType

import pytest
import yaml

BENCH = Path(__file__).resolve().parent.parent / "benchmarks" / "secret_samples"


def _load(name: str) -> ModuleType:
    sys.path.insert(0, str(BENCH))
    spec = importlib.util.spec_from_file_location(name, BENCH / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def ds() -> ModuleType:
    return _load("detector_samples")


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    return _load("samples")


RULE_FILE = r"""
package rules

// a rule in gitleaks' shape, written for this test
func AcmeToken() *config.Rule {
	r := config.Rule{
		RuleID:      "acme-token",
		Regex:       utils.GenerateUniqueTokenRegex(`acme_[a-z0-9]{24}`, false),
		Keywords:    []string{"acme_"},
	}
	tps := utils.GenerateSampleSecrets("acme", "acme_"+"q7w8e9r0t1y2u3i4o5p6a7s8")
	tps = append(tps, []string{
		`token := "acme_z9x8c7v6b5n4m3l2k1j0h9g8"`,
		"acme_\x61bcdefghij0123456789abcd\tx",
	}...)
	fps := []string{
		"acme_xxxxxxxxxxxxxxxxxxxxxxxx",
		`const placeholder = "acme_YOUR_TOKEN_HERE_PLEASE";`,
	}
	return utils.Validate(r, tps, fps)
}
"""


def test_go_strings_unescape_and_raw_strings_stay_raw(ds: ModuleType) -> None:
    toks = ds.go_tokens('x := "a\\tb\\x41\\u00e9" + `c\\n` // "not a token"')
    assert [(t.kind, t.text) for t in toks] == [
        ("ident", "x"),
        ("punct", ":="),
        ("str", "a\tbA\u00e9"),
        ("punct", "+"),
        ("str", "c\\n"),
    ]


def test_rule_function_yields_regex_and_both_sample_slices(ds: ModuleType) -> None:
    [rule] = ds.read_gitleaks(RULE_FILE, seed="s")
    assert rule.function == "AcmeToken"
    assert rule.regex.startswith(r"\b(acme_[a-z0-9]{24})")
    assert [(i.text, i.bare) for i in rule.tps] == [
        ("acme_q7w8e9r0t1y2u3i4o5p6a7s8", True),
        ('token := "acme_z9x8c7v6b5n4m3l2k1j0h9g8"', False),
        ("acme_abcdefghij0123456789abcd\tx", False),
    ]
    assert [i.text for i in rule.fps] == [
        "acme_xxxxxxxxxxxxxxxxxxxxxxxx",
        'const placeholder = "acme_YOUR_TOKEN_HERE_PLEASE";',
    ]


def test_whole_line_samples_are_cut_to_their_secret(ds: ModuleType) -> None:
    samples, unread = ds.gitleaks_samples("cmd/generate/config/rules/acme.go", RULE_FILE, "s")
    got = [(s.label, s.index, s.value, s.how) for s in samples]
    assert got == [
        ("true", 0, "acme_q7w8e9r0t1y2u3i4o5p6a7s8", "literal"),
        ("true", 1, "acme_z9x8c7v6b5n4m3l2k1j0h9g8", "regex-group"),
        ("true", 2, "acme_abcdefghij0123456789abcd", "regex-group"),
        ("false", 0, "acme_xxxxxxxxxxxxxxxxxxxxxxxx", "regex-group"),
        ("false", 1, "acme_YOUR_TOKEN_HERE_PLEASE", "cut-quoted"),
    ]
    assert {s.provider for s in samples} == {"acme"}
    assert unread == []


def test_semi_generic_regex_captures_the_value_after_its_identifier(ds: ModuleType) -> None:
    toks = ds.go_tokens(
        'utils.GenerateSemiGenericRegex([]string{"acme"}, utils.AlphaNumeric("16"), true)'
    )
    value, end = ds.GoEval(toks, random.Random(0)).expr(0)
    assert end == len(toks)
    regex = ds.compile_go(value.text)
    assert regex is not None
    cut = ds.cut_value('ACME_SECRET = "k3j4h5g6f7d8s9a0"', regex, 0)
    assert cut == ("k3j4h5g6f7d8s9a0", "regex-group")


def test_a_fragment_group_gives_the_whole_match_and_a_yaml_entry_its_value(
    ds: ModuleType,
) -> None:
    hook = ds.compile_go(r"https://hooks\.acme\.test/[a-z0-9]{4}-([a-z0-9]{3}-){2}[a-z0-9]{12}")
    url = "https://hooks.acme.test/ab12-cd3-ef4-0123456789ab"
    assert ds.cut_value(f"post to {url} now", hook, 0) == (url, "regex-group")
    entry = ds.compile_go(r"data:\s+([\w.-]+:(?:[ \t]*\|\s+)?[ \t]*[A-Za-z0-9+/]{10,}={0,3})")
    sample = "data:\n  .dockercfg: |\n    QWxhZGRpbjpvcGVuIHNlc2FtZQ=="
    assert ds.cut_value(sample, entry, 0) == ("QWxhZGRpbjpvcGVuIHNlc2FtZQ==", "regex-group")


def test_go_flags_and_posix_classes_become_python_syntax(ds: ModuleType) -> None:
    assert ds.py_pattern(r"SG\.(?i)[a-z0-9]{4}") == r"(?i)SG\.[a-z0-9]{4}"
    assert ds.py_pattern(r"[[:alnum:]]{8}\z") == r"[a-zA-Z0-9]{8}\Z"


PATTERN_TEST = r"""
package acme

var (
	validPattern   = "acme-7Hk2Lp9Qr4Ts6Vw8Xy1Za3Bc"
	invalidPattern = "acme-7Hk2Lp9Qr4?s6Vw8Xy1Za3Bc"
	validSid       = "AC0a1b2c3d4e5f60718293a4b5c6d7e8f9"
	validKey       = "f0e1d2c3b4a5968778695a4b3c2d1e0f"
	keyword        = "acme"
)

func TestAcme_Pattern(t *testing.T) {
	tests := []struct {
		name  string
		input string
		want  []string
	}{
		{
			name:  "valid pattern",
			input: fmt.Sprintf("%s token = '%s'", keyword, validPattern),
			want:  []string{validPattern},
		},
		{
			name:  "invalid pattern",
			input: fmt.Sprintf("%s = '%s'", keyword, invalidPattern),
			want:  nil,
		},
		{
			name:  "sid and key reported joined",
			input: fmt.Sprintf("%s sid %s\n%s key %s\n", keyword, validSid, keyword, validKey),
			want:  []string{validSid + validKey},
		},
	}
	for _, test := range tests {
		results, err := d.FromData(context.Background(), false, []byte(test.input))
	}
}
"""


def _pattern_samples(ds: ModuleType, how: str) -> list[tuple[str, str, str]]:
    samples, _ = ds.trufflehog_samples("pkg/detectors/acme/acme_test.go", PATTERN_TEST, "s")
    return [(s.provider, s.label, s.value) for s in samples if s.how == how]


def test_pattern_cases_give_wanted_true_and_invalid_false_values(ds: ModuleType) -> None:
    assert _pattern_samples(ds, "want") == [("acme", "true", "acme-7Hk2Lp9Qr4Ts6Vw8Xy1Za3Bc")]
    assert _pattern_samples(ds, "invalid-var") == [
        ("acme", "false", "acme-7Hk2Lp9Qr4?s6Vw8Xy1Za3Bc")
    ]


def test_joined_parts_give_the_secret_part_not_the_identifier(ds: ModuleType) -> None:
    assert _pattern_samples(ds, "part") == [("acme", "true", "f0e1d2c3b4a5968778695a4b3c2d1e0f")]


def _sample(ds: ModuleType, provider: str, index: int, label: str, value: str) -> object:
    return ds.Sample("gitleaks", provider, f"rules/{provider}.go", index, label, value, "literal")


def test_each_value_is_written_so_each_reader_gets_it_back(bench: ModuleType) -> None:
    for value in ("plainTok3n_9x", 'with "quotes" and spaces', "line one\nline two"):
        assert yaml.safe_load(bench.yaml_line(value)) == [{"value": value}]
        name, _, literal = bench.py_line("ACME_API_KEY", value).partition(" = ")
        assert name == "ACME_API_KEY" and ast.literal_eval(literal) == value
        assert "\n" not in bench.env_line("ACME_API_KEY", value)
    assert bench.credential_name("1password") == "SVC_1PASSWORD_API_KEY"


def test_a_finding_counts_for_the_sample_on_its_line_and_form(
    bench: ModuleType, ds: ModuleType
) -> None:
    a0 = _sample(ds, "acme", 0, "true", "acme_q7w8e9r0t1y2u3i4o5p6a7s8")
    a1 = _sample(ds, "acme", 1, "true", "acme_z9x8c7v6b5n4m3l2k1j0h9g8")
    f0 = _sample(ds, "acme", 0, "false", "acme_xxxxxxxxxxxxxxxxxxxxxxxx")
    files, _ = bench.layout([a0, a1, f0])
    assert files["true/gitleaks/acme.yaml"] == [
        "- value: acme_q7w8e9r0t1y2u3i4o5p6a7s8",
        "- value: acme_z9x8c7v6b5n4m3l2k1j0h9g8",
    ]
    hits = {
        ("true/gitleaks/acme.yaml", 2): {"SEC002"},  # a1's format line
        ("true/gitleaks/acme.env", 1): {"SEC001"},  # a0 under its credential name
        ("true/gitleaks/acme.env", 2): {"SEC002"},
        ("false/gitleaks/acme.py", 1): {"SEC002"},  # the false value fires in Python
    }
    results = bench.outcomes([a0, a1, f0], hits)
    total, per = bench.tally(results)
    assert (total.true, total.format_hits, total.env_hits, total.py_hits) == (2, 1, 2, 0)
    assert (total.false, total.false_fires) == (1, 1)
    assert total.metric("format") == 0.5 and total.metric("false_fire") == 1.0
    assert set(per) == {"gitleaks:acme"}
    judged, _ = bench.tally(results, keep=lambda o: o.sample.key != f0.key)
    assert judged.false == 0 and judged.metric("false_fire") is None


def test_findings_are_reanchored_from_the_scan_root_to_the_tree(
    bench: ModuleType, tmp_path: Path
) -> None:
    tree = tmp_path / "tree"
    (tree / "true").mkdir(parents=True)
    report = {
        "scan": {"root": str(tmp_path)},
        "findings": [
            {"rule_id": "SEC002", "path": "tree/true/a.yaml", "line": 3, "end_line": 4},
            {"rule_id": "SEC001", "path": "elsewhere/b.env", "line": 1, "end_line": 1},
        ],
    }
    assert bench.findings_by_line(report, tree) == {
        ("true/a.yaml", 3): {"SEC002"},
        ("true/a.yaml", 4): {"SEC002"},
    }


def test_detect_secrets_finding_is_covered_decided_or_open(bench: ModuleType) -> None:
    found = {
        "app/.env": [
            {"type": "Secret Keyword", "line_number": 2},
            {"type": "Basic Auth Credentials", "line_number": 5},
        ],
        "docs/guide.md": [{"type": "Secret Keyword", "line_number": 9}],
    }
    hits = {("app/.env", 2): {"SEC001"}}
    decision = bench.Decision("Secret Keyword", "docs/*.md", None, "prose, not config")
    gaps = bench.uncovered(found, hits, [decision])
    assert [(g.path, g.line, g.plugin, g.decision) for g in gaps] == [
        ("app/.env", 5, "Basic Auth Credentials", None),
        ("docs/guide.md", 9, "Secret Keyword", decision),
    ]


def test_a_group_decision_covers_exactly_its_members(bench: ModuleType) -> None:
    found = {
        "migrations/0001_init.py": [
            {"type": "Hex High Entropy String", "line_number": 3},
            {"type": "Hex High Entropy String", "line_number": 9},
        ],
    }
    group = bench.Decision(
        "Hex High Entropy String",
        "",
        None,
        "Alembic revision ids name a migration",
        frozenset({"migrations/0001_init.py:3"}),
        "revision = '<12 hex>'",
    )
    gaps = bench.uncovered(found, {}, [group])
    assert [(g.line, g.decision) for g in gaps] == [(3, group), (9, None)]


def test_a_member_no_longer_found_is_stale(bench: ModuleType, tmp_path: Path) -> None:
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "settings.py").write_text("X = 1\n", encoding="utf-8")
    group = bench.Decision(
        "Secret Keyword",
        "",
        None,
        "dummy words",
        frozenset({"app/settings.py:1", "elsewhere/other.py:4"}),
    )
    assert bench.stale_members(tmp_path, [group], []) == [(group, "app/settings.py:1")]


def test_a_decision_names_a_glob_or_members_not_both(bench: ModuleType, tmp_path: Path) -> None:
    path = tmp_path / "decisions.yaml"
    entry = {"plugin": "Secret Keyword", "path": "a/*", "at": ["a/b.py:1"], "reason": "x"}
    path.write_text(yaml.safe_dump({"decisions": [entry]}), encoding="utf-8")
    with pytest.raises(SystemExit):
        bench.load_decisions(path)


def test_a_files_own_ok_annotation_documents_the_decision(
    bench: ModuleType, tmp_path: Path
) -> None:
    (tmp_path / "svc").mkdir()
    (tmp_path / "svc" / "compose.yml").write_text(
        "services:\n  db:\n    environment:\n"
        "      # ok: SEC001 the image's documented default\n"
        "      POSTGRES_PASSWORD: postgres\n",
        encoding="utf-8",
    )
    annotated = bench.ok_annotations(tmp_path, ["svc/compose.yml"])
    assert annotated == {("svc/compose.yml", 5): {"SEC001"}}
    found = {"svc/compose.yml": [{"type": "Secret Keyword", "line_number": 5}]}
    [gap] = bench.uncovered(found, {}, [], annotated)
    assert gap.decision.reason == "the file's own `# ok: SEC001` annotation"


def test_verdict_word_must_fit_the_label(bench: ModuleType, tmp_path: Path) -> None:
    verdict = {
        "source": "gitleaks",
        "file": "rules/acme.go",
        "index": 0,
        "label": "false",
        "verdict": "not a credential",  # the word for a true sample
        "reason": "placeholder",
    }
    path = tmp_path / "verdicts.yaml"
    path.write_text(yaml.safe_dump({"verdicts": [verdict]}), encoding="utf-8")
    with pytest.raises(SystemExit):
        bench.load_verdicts(path)


# ---------------------------------------------------------------- fixed parts


@pytest.fixture(scope="module")
def fp() -> ModuleType:
    return _load("fixed_parts")


def test_capture_groups_are_read_in_opening_order_past_classes_and_escapes(
    fp: ModuleType,
) -> None:
    pattern = r"(?i)\b(acme_(?P<body>[a-z0-9\)(]{24}))(?:[\x60'\"\s;]|$)\(x\)"
    assert fp.capture_groups(pattern) == [r"acme_(?P<body>[a-z0-9\)(]{24})", r"[a-z0-9\)(]{24}"]
    assert fp.capture_groups(r"[]()]x") == []


@pytest.mark.parametrize(
    ("group", "part"),
    [
        (r"acme_[a-f0-9]{64}", "acme_"),  # a literal prefix
        (r"(?:live|test)_[a-z0-9]{24}", "live_"),  # an alternation of words: its shortest
        (r"[a-z0-9]{32}NRAL", "NRAL"),  # a literal suffix
        (r"[0-9]{8,10}:[A-Za-z0-9_-]{35}", ":"),  # a separator that sets a structure
        (r"https://hooks\.acme\.com/T[A-Z0-9]+", "https://hooks.acme.com/T"),
        (r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}", None),  # a UUID's dashes are no format
        (r"[A-Za-z0-9+/]{43}=", None),  # nor base64 padding
        (r"(?:sk-)?[A-Za-z0-9]{48}", None),  # an optional prefix is not always there
        (r"[a-z0-9]{32}", None),
    ],
)
def test_a_fixed_part_is_what_every_match_holds(fp: ModuleType, group: str, part: str) -> None:
    assert fp.fixed_part(group) == part


def test_a_value_is_judged_by_the_group_of_its_detector_that_matches_it_whole(
    fp: ModuleType,
) -> None:
    semi_generic = r"(?i)[\w.-]{0,50}?(?:acme)(?:[ \t\w.-]{0,20})[=:]\s*([a-z0-9]{32})\b"
    unique = r"\b(acme_[a-f0-9]{16})\b"
    assert fp.judge("acme_0f1e2d3c4b5a6978", [semi_generic, unique]) == fp.Verdict("fixed", "acme_")
    assert fp.judge("k3v8q1zt6wm0xr4n9bj2hc7ld5yf8pg1", [semi_generic, unique]) == fp.Verdict(
        "none"
    )
    assert fp.judge("user:pass", [semi_generic, unique]) == fp.Verdict("unmatched")


def test_trufflehog_patterns_leave_out_the_keyword_prefix(fp: ModuleType) -> None:
    source = """
package acme
var (
	keyPat = regexp.MustCompile(detectors.PrefixRegex([]string{"acme"}) + `\\b([a-z0-9]{32})\\b`)
	urlPat = regexp.MustCompile(`(https://api\\.acme\\.io/` + `v1)`)
)
"""
    assert fp.trufflehog_patterns(source) == [r"\b([a-z0-9]{32})\b", r"(https://api\.acme\.io/v1)"]


def test_a_trufflehog_sample_is_judged_by_its_detector_folder_not_its_tests(
    fp: ModuleType, ds: ModuleType
) -> None:
    sample = ds.Sample(
        "trufflehog",
        "acme",
        "pkg/detectors/acme/acme_test.go",
        0,
        "true",
        "acme_" + "7f" * 8,
        "want",
    )
    read = {
        "pkg/detectors/acme/acme.go": "var p = regexp.MustCompile(`\\b(acme_[a-f0-9]{16})\\b`)",
        "pkg/detectors/acme/acme_test.go": "var q = regexp.MustCompile(`([a-z0-9_]{21})`)",
        "pkg/detectors/acme/v2/acme.go": "var r = regexp.MustCompile(`([a-z0-9_]{21})`)",
    }
    assert fp.classify([sample], read) == {sample.key: fp.Verdict("fixed", "acme_")}
