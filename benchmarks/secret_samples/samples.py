"""Score nhiguard on the sample values gitleaks and TruffleHog ship with their detectors.

Issue 11's "Done when" is measured here. A team trusts a replacement secret
scanner only if it finds what the old one did; the most direct evidence of
what gitleaks and TruffleHog find is the sample values their own detector
tests use. Their text never enters this repository: `rebuild` reads it from
bare mirrors (the `fetch` tool's `/work/.mirror/<owner>+<name>/repo`) at the
commits pinned below, with `git show` only, and writes everything into the
git-ignored `.bench/secret_samples/`.

    python benchmarks/secret_samples/samples.py rebuild [--mirror-root /work/.mirror]
    python benchmarks/secret_samples/samples.py score [--details] [--check] [--nhiguard DIR]
    python benchmarks/secret_samples/samples.py diff [TREE ...] [--nhiguard DIR] [--refresh]

Samples:
- gitleaks `cmd/generate/config/rules/*.go`: the values each rule function
  passes to `utils.Validate(r, tps, fps)`. Values made at build time from a
  regex (`secrets.NewSecret(...)`, inside `utils.GenerateSampleSecret(s)`)
  are generated here from the same regex with `rstr.xeger`, seeded per rule
  function, so a rebuild gives the same bytes. A literal sample that is a
  whole line or file (`key = "..."`) is cut down to the secret with the
  rule's own regex (translated to Python; its secret group, else its first
  non-empty group); one the regex does not match (most false samples) is
  cut heuristically (the last quoted string, else the text after the last
  `=`), and the manifest says which cut was used.
- TruffleHog `pkg/detectors/*/*_test.go` pattern tests (`input:` and
  `want:` of each case): a wanted string found verbatim in its input is a
  true value; when the detector reports parts joined (Twilio's sid + key),
  the package-level `valid*` strings the input was built from are. A case
  that wants nothing makes the `invalid*` strings its input was built from
  false values.

Each value is written three ways, one line each (multi-line values as one
double-quoted line with `\\n` escapes): a `.env` line under a credential
name (`<PROVIDER>_API_KEY=...`), a YAML list item under the neutral key
`value:` (only the format rule SEC002 can know it), and a Python assignment
to the same credential name. Files are grouped by label, source and
provider, so one `nhiguard scan --format json` over the folder scores all.

Score: format recall (SEC002 on the YAML line), `.env` recall (any rule on
the line), Python recall (any rule), and SEC002's fire rate on false values
(any of the three forms), overall and per provider. Strict numbers count
every sample; judged numbers leave out the samples `verdicts.yaml` calls
label noise (a "false" value that is a valid-looking key, a generated value
no provider issues), each with its reason.

Diff: detect-secrets (every default plugin, `--all-files`) and nhiguard over
the same tree; every detect-secrets finding with no nhiguard finding on the
same file and line is listed by plugin, minus the documented decisions of
`decisions.yaml` (a path glob, or a group's `path:line` members), and counted
as matched, decided or open; a group member no longer open is stale.

Nothing printed here holds a sample value in clear: values are shown
masked, as nhiguard's own reports show them.
"""

from __future__ import annotations

import argparse
import fnmatch
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE.parent / "peers"))
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO / "tests"))

import annotations  # noqa: E402  # the fixtures' `# expect:` / `# ok:` grammar
import fixed_parts  # noqa: E402
import rebuild as peer_rebuild  # noqa: E402
from detector_samples import Sample, gitleaks_samples, mask, trufflehog_samples  # noqa: E402

from scanner import git  # noqa: E402

OUT = REPO / ".bench" / "secret_samples"
MANIFEST = OUT / "samples.jsonl"
TREE = OUT / "tree"
DS_CACHE = OUT / "detect-secrets"
VERDICTS = HERE / "verdicts.yaml"
DECISIONS = HERE / "decisions.yaml"

# The pinned upstream commits: every number in the README was scored on these.
GITLEAKS = ("gitleaks/gitleaks", "b58d3f102cf3a2c84cb7f923d05c25c9b1aed84b")
TRUFFLEHOG = ("trufflesecurity/trufflehog", "3ab759fef4bb5935d4fe9ac68b503d05346b8364")
GITLEAKS_RULES = "cmd/generate/config/rules/"
TRUFFLEHOG_DETECTORS = "pkg/detectors/"

TARGETS = {"format": 0.90, "env": 0.97, "false_fire": 0.03}  # issue 11's "Done when"


# ---------------------------------------------------------------- writing


def credential_name(provider: str) -> str:
    """`<PROVIDER>_API_KEY`, an identifier valid in .env and Python."""
    base = re.sub(r"[^A-Za-z0-9]+", "_", provider).strip("_").upper() or "SERVICE"
    if base[0].isdigit():
        base = "SVC_" + base
    return f"{base}_API_KEY"


_PLAIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_\-./+=@~]*")


def env_line(name: str, value: str) -> str:
    if _PLAIN.fullmatch(value):
        return f"{name}={value}"
    return f"{name}={json.dumps(value)}"


def yaml_line(value: str) -> str:
    if _PLAIN.fullmatch(value) and yaml.safe_load(f"v: {value}") == {"v": value}:
        return f"- value: {value}"
    return f"- value: {json.dumps(value)}"


def py_line(name: str, value: str) -> str:
    return f"{name} = {json.dumps(value)}"


@dataclass(frozen=True)
class Placed:
    """Where one form of a sample was written: file relative to the tree, and line."""

    path: str
    line: int


def layout(samples: list[Sample]) -> tuple[dict[str, list[str]], dict[tuple[Any, str], Placed]]:
    """File contents and each (sample key, form) -> its line; grouped by label/source/provider."""
    files: dict[str, list[str]] = defaultdict(list)
    where: dict[tuple[Any, str], Placed] = {}
    for s in samples:
        stem = f"{s.label}/{s.source}/{re.sub(r'[^A-Za-z0-9_.-]+', '_', s.provider)}"
        name = credential_name(s.provider)
        lines = {
            "env": (f"{stem}.env", env_line(name, s.value)),
            "yaml": (f"{stem}.yaml", yaml_line(s.value)),
            "py": (f"{stem}.py", py_line(name, s.value)),
        }
        for form, (path, line) in lines.items():
            files[path].append(line)
            where[(s.key, form)] = Placed(path, len(files[path]))
    return files, where


def load_manifest() -> list[Sample]:
    if not MANIFEST.is_file():
        raise SystemExit(f"{MANIFEST} is missing: run `samples.py rebuild` first")
    with MANIFEST.open(encoding="utf-8") as fh:
        return [Sample(**json.loads(line)) for line in fh if line.strip()]


def rebuild(mirror_root: Path) -> int:
    """Read both upstreams at their pins, write the manifest and the tree of sample files."""
    samples: list[Sample] = []
    unread: list[str] = []
    for (repo, commit), prefix, reader, wanted in (
        (GITLEAKS, GITLEAKS_RULES, gitleaks_samples, lambda p: p.endswith(".go")),
        (
            TRUFFLEHOG,
            TRUFFLEHOG_DETECTORS,
            trufflehog_samples,
            lambda p: p.endswith("_test.go") and p.count("/") == 3,
        ),
    ):
        git_dir = peer_rebuild.mirror_dir(mirror_root, repo)
        if not git.has_commit(git_dir, commit):
            raise SystemExit(f"no mirror of {repo} holding {commit} under {git_dir}: fetch it")
        paths = sorted(
            p
            for p in git.tree_paths(git_dir, commit)
            if p.startswith(prefix) and wanted(p) and "integration" not in p
        )
        for p in paths:
            text = peer_rebuild._blob(git_dir, commit, p).decode("utf-8", "replace")
            got, missed = reader(p, text, commit)
            samples += got
            unread += missed
    OUT.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".rebuild-", dir=OUT))
    with (staging / MANIFEST.name).open("w", encoding="utf-8") as fh:
        for s in samples:
            fh.write(json.dumps(asdict(s)) + "\n")
    files, _ = layout(samples)
    for rel, lines in files.items():
        dest = staging / "tree" / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text("\n".join(lines) + "\n", encoding="utf-8")
    # swapped in whole, so a score running meanwhile reads the old set or the new one
    old = OUT / f".old-{os.getpid()}"
    if TREE.exists():
        TREE.rename(old)
    (staging / "tree").rename(TREE)
    os.replace(staging / MANIFEST.name, MANIFEST)
    shutil.rmtree(old, ignore_errors=True)
    staging.rmdir()
    (OUT / "unread.txt").write_text("\n".join(unread) + "\n", encoding="utf-8")
    counts = Counter((s.source, s.label) for s in samples)
    for (source, label), n in sorted(counts.items()):
        print(f"{source}: {n} {label} values")
    print(f"{len(files)} files -> {TREE.relative_to(REPO)}")
    print(
        f"{len(unread)} expressions not read (listed in {(OUT / 'unread.txt').relative_to(REPO)})"
    )
    return 0


# ---------------------------------------------------------------- scanning


def nhiguard_root(chosen: Path | None) -> Path:
    """The nhiguard source tree to run: --nhiguard, else PYTHONPATH's first entry, else this one."""
    if chosen is not None:
        return chosen.resolve()
    first = os.environ.get("PYTHONPATH", "").split(os.pathsep)[0]
    return Path(first).resolve() if first else REPO


def nhiguard_json(tree: Path, root: Path, jobs: int) -> dict[str, Any]:
    """One `nhiguard scan --format json` over tree, run from the source tree `root`.

    The report goes to a temporary file, so helpers scoring their own
    worktrees against the same sample tree at the same time do not collide.
    """
    env = {**os.environ, "PYTHONPATH": str(root)}
    with tempfile.TemporaryDirectory(prefix="secret-samples-") as tmp:
        out = Path(tmp) / "nhiguard.json"
        cmd = [sys.executable, "-m", "scanner", "scan", "--format", "json", "--fail-on", "never"]
        cmd += ["--fail-on-incomplete", "never", "-j", str(jobs), "-q", "-o", str(out), "."]
        done = subprocess.run(cmd, cwd=tree, env=env, capture_output=True)
        if done.returncode not in (0, 1):
            sys.stderr.write(done.stderr.decode("utf-8", "replace")[-2000:])
            raise SystemExit(f"nhiguard exited {done.returncode}")
        data: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return data


def findings_by_line(report: dict[str, Any], tree: Path) -> dict[tuple[str, int], set[str]]:
    """(path under tree, line) -> rule ids reported there, every line of a finding included.

    nhiguard reports paths relative to its scan root (the enclosing git work
    tree when there is one), so they are re-anchored at the scanned tree.
    """
    base = tree.resolve()
    root = Path(report["scan"]["root"])
    root = root if root.is_absolute() else base / root  # the scan ran with cwd = tree
    hits: dict[tuple[str, int], set[str]] = defaultdict(set)
    for f in report.get("findings") or []:
        full = (root / f["path"]).resolve()
        if not full.is_relative_to(base):
            continue
        path = full.relative_to(base).as_posix()
        for line in range(int(f["line"]), int(f.get("end_line") or f["line"]) + 1):
            hits[(path, line)].add(f["rule_id"])
    return hits


# ---------------------------------------------------------------- score


@dataclass(frozen=True)
class Outcome:
    """What nhiguard said about one sample in each form."""

    sample: Sample
    env: frozenset[str]
    yaml: frozenset[str]
    py: frozenset[str]

    @property
    def format_hit(self) -> bool:
        return "SEC002" in self.yaml

    @property
    def sec002_fired(self) -> bool:
        return "SEC002" in (self.env | self.yaml | self.py)


def outcomes(samples: list[Sample], hits: dict[tuple[str, int], set[str]]) -> list[Outcome]:
    """Each sample with the rules found on its line in each form."""
    _, where = layout(samples)

    def rules(s: Sample, form: str) -> frozenset[str]:
        p = where[(s.key, form)]
        return frozenset(hits.get((p.path, p.line), set()))

    return [Outcome(s, rules(s, "env"), rules(s, "yaml"), rules(s, "py")) for s in samples]


def load_verdicts(path: Path = VERDICTS) -> dict[tuple[str, str, int, str], dict[str, str]]:
    """Judged label noise keyed like Sample.key; a wrong word or a duplicate stops the run."""
    if not path.exists():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    table: dict[tuple[str, str, int, str], dict[str, str]] = {}
    for v in data.get("verdicts") or []:
        word = str(v["verdict"])
        label = v["label"]
        if label not in ("true", "false"):  # an unquoted `true` reads as a boolean
            raise SystemExit(f"{path}: label must be the string 'true' or 'false': {v}")
        want = "not a credential" if label == "true" else "really a credential"
        if word != want:
            raise SystemExit(f"{path}: a {label} sample takes {want!r}, not {word!r}")
        if not str(v.get("reason", "")).strip():
            raise SystemExit(f"{path}: verdict without a reason: {v}")
        key = (v["source"], v["file"], int(v["index"]), label)
        if key in table:
            raise SystemExit(f"{path}: two verdicts for {key}")
        table[key] = v
    return table


@dataclass
class Rates:
    """Counts behind the four metrics, for one row (all samples or one provider)."""

    true: int = 0
    format_hits: int = 0
    env_hits: int = 0
    py_hits: int = 0
    false: int = 0
    false_fires: int = 0

    def add(self, o: Outcome) -> None:
        if o.sample.label == "true":
            self.true += 1
            self.format_hits += o.format_hit
            self.env_hits += bool(o.env)
            self.py_hits += bool(o.py)
        else:
            self.false += 1
            self.false_fires += o.sec002_fired

    def metric(self, name: str) -> float | None:
        num, den = {
            "format": (self.format_hits, self.true),
            "env": (self.env_hits, self.true),
            "py": (self.py_hits, self.true),
            "false_fire": (self.false_fires, self.false),
        }[name]
        return num / den if den else None


def tally(results: Iterable[Outcome], keep: Any = None) -> tuple[Rates, dict[str, Rates]]:
    """Overall and per-provider rates over the outcomes `keep` accepts (all by default)."""
    total = Rates()
    per: dict[str, Rates] = defaultdict(Rates)
    for o in results:
        if keep is not None and not keep(o):
            continue
        total.add(o)
        per[f"{o.sample.source}:{o.sample.provider}"].add(o)
    return total, per


def formats(samples: list[Sample], mirror_root: Path) -> dict[Any, fixed_parts.Verdict] | None:
    """Each sample's fixed-part verdict (fixed_parts.py), cached beside the manifest.

    The cache is named by the manifest's digest (a rebuild that cuts a value
    differently makes a new one); without it the detectors' own files are
    read from the mirrors, and without those the split is not reported.
    """
    digest = hashlib.sha1(MANIFEST.read_bytes()).hexdigest()[:16]
    cache = OUT / f"fixed_parts-{digest}.json"
    known = fixed_parts.load(cache)
    if known is not None and all(s.key in known for s in samples):
        return known
    read: dict[str, str] = {}
    for (repo, commit), files in (
        (GITLEAKS, {s.file for s in samples if s.source == "gitleaks"}),
        (TRUFFLEHOG, {s.file.rsplit("/", 1)[0] + "/" for s in samples if s.source == "trufflehog"}),
    ):
        git_dir = peer_rebuild.mirror_dir(mirror_root, repo)
        if not git.has_commit(git_dir, commit):
            print(f"(no mirror of {repo} at {commit[:12]}: the formatted-only split is left out)")
            return None
        for path in git.tree_paths(git_dir, commit):
            folder = path.rsplit("/", 1)[0] + "/"
            if path in files or (folder in files and path.endswith(".go")):
                read[path] = (git.blob(git_dir, commit, path) or b"").decode("utf-8", "replace")
    verdicts = fixed_parts.classify(samples, read)
    fixed_parts.save(verdicts, cache)
    return verdicts


def _pct(x: float | None) -> str:
    return f"{100 * x:5.1f}%" if x is not None else "    - "


def _line(label: str, r: Rates) -> str:
    return (
        f"{label:<34} true {r.true:5d}  format {_pct(r.metric('format'))}  "
        f".env {_pct(r.metric('env'))}  python {_pct(r.metric('py'))}  | "
        f"false {r.false:4d}  SEC002 fires {_pct(r.metric('false_fire'))}"
    )


def score(args: argparse.Namespace) -> int:
    samples = load_manifest()
    known = {s.key for s in samples}
    if args.source:
        samples = [s for s in samples if s.source in args.source]
    root = nhiguard_root(args.nhiguard)
    report = nhiguard_json(TREE, root, args.jobs)
    results = outcomes(samples, findings_by_line(report, TREE))
    verdicts = load_verdicts()
    strict, _ = tally(results)
    judged, per = tally(results, keep=lambda o: o.sample.key not in verdicts)
    head = git.resolve(root, "HEAD") or "(no git)"
    dirty = " with uncommitted changes" if git.is_dirty(root) else ""
    print(f"nhiguard: {root} at {head}{dirty}")
    print(f"samples: gitleaks {GITLEAKS[1][:12]}, trufflehog {TRUFFLEHOG[1][:12]}")
    sources = sorted({s.source for s in samples})
    for source in sources:
        r, _ = tally(results, keep=lambda o, src=source: o.sample.source == src)
        print(_line(f"strict, {source}", r))
    print(_line("strict, all", strict))
    for source in sources:
        r, _ = tally(
            results,
            keep=lambda o, src=source: o.sample.source == src and o.sample.key not in verdicts,
        )
        print(_line(f"judged, {source}", r))
    print(_line("judged, all", judged))
    print(f"({len(verdicts)} verdicts of label noise; judged leaves those samples out)")
    shapes = formats(samples, args.mirror_root)
    if shapes is not None:
        print_formatted(results, verdicts, shapes, sources, args.per_provider)
    for title, missed in (
        ("true values missed in .env", lambda r: r.true - r.env_hits),
        ("true values SEC002 misses (format alone)", lambda r: r.true - r.format_hits),
        ("false values SEC002 fires on", lambda r: r.false_fires),
    ):
        ranked = sorted(
            ((n, r) for n, r in per.items() if missed(r)), key=lambda kv: -missed(kv[1])
        )
        print(f"\ntop providers by {title} (judged; {len(ranked)} providers have any)")
        for name, r in ranked[: args.top]:
            print(_line(f"  {name}", r))
    if args.per_provider:
        print("\nper provider")
        for name, r in sorted(per.items()):
            print(_line(f"  {name}", r))
    if args.details:
        print_details(results, verdicts)
    notes = Counter(n.get("kind", "?") for n in report.get("notifications") or [])
    if notes:
        print(
            "\nnhiguard notifications: " + ", ".join(f"{k} {v}" for k, v in sorted(notes.items()))
        )
    stale = sorted(set(verdicts) - known)
    for k in stale:
        print(f"stale verdict (no such sample now): {k}")
    return check(judged, args, stale) if args.check else 0


def print_formatted(
    results: list[Outcome],
    verdicts: dict[Any, Any],
    shapes: dict[Any, fixed_parts.Verdict],
    sources: list[str],
    per_provider: bool,
) -> None:
    """Format recall over the judged true values that carry a format, and, per provider, its misses.

    The split is fixed_parts.py's: a value carries a format when its own
    detector's regex demands a fixed part of it. The raw metric above is unchanged.
    """
    kept = [o for o in results if o.sample.label == "true" and o.sample.key not in verdicts]
    print("\nformat recall over true values that carry a format (judged; fixed_parts.py)")
    for source in [*sources, "all"]:
        mine = [o for o in kept if source in ("all", o.sample.source)]
        kinds = Counter(shapes[o.sample.key].kind for o in mine)
        fixed = [o for o in mine if shapes[o.sample.key].kind == "fixed"]
        other = [o for o in mine if shapes[o.sample.key].kind != "fixed"]
        rate = sum(o.format_hit for o in fixed) / len(fixed) if fixed else None
        rest = sum(o.format_hit for o in other) / len(other) if other else None
        lone = [o for o in fixed if len(shapes[o.sample.key].part) == 1]
        lone_rate = sum(o.format_hit for o in lone) / len(lone) if lone else None
        print(
            f"  {source:<11} {len(mine):5d} true: {kinds['fixed']:4d} carry a format, format "
            f"recall {_pct(rate)} (of them {len(lone)} by one separator only: {_pct(lone_rate)}) "
            f"| {kinds['none']:4d} no fixed part, {kinds['unmatched']:4d} unmatched by their "
            f"detector's regex: format recall {_pct(rest)}"
        )
    if not per_provider:
        return
    print("\nmisses among values that carry a format, per provider (judged)")
    missed: dict[str, list[Outcome]] = defaultdict(list)
    for o in kept:
        if shapes[o.sample.key].kind == "fixed" and not o.format_hit:
            missed[f"{o.sample.source}:{o.sample.provider}"].append(o)
    for name, items in sorted(missed.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        parts = sorted({repr(shapes[o.sample.key].part) for o in items})
        print(f"  {name:<40} {len(items):3d} missed, fixed part {', '.join(parts)}")
        for o in items:
            print(f"      {o.sample.file}#{o.sample.index} {mask(o.sample.value)}")


def print_details(results: list[Outcome], verdicts: dict[Any, Any]) -> None:
    """Every miss and every false fire, masked, with its judged verdict if any."""
    print("\nmisses (true values): forms nhiguard missed")
    for o in results:
        s = o.sample
        if s.label != "true":
            continue
        missed = [f for f, ok in (("format", o.format_hit), ("env", o.env), ("py", o.py)) if not ok]
        if missed:
            v = verdicts.get(s.key)
            said = f" -> {v['verdict']}: {v['reason']}" if v else ""
            print(
                f"  {s.source}:{s.provider} {s.file}#{s.index} [{s.how}] {mask(s.value)} "
                f"missed {','.join(missed)}{said}"
            )
    print("\nfalse fires (false values SEC002 reports)")
    for o in results:
        s = o.sample
        if s.label == "false" and o.sec002_fired:
            v = verdicts.get(s.key)
            said = f" -> {v['verdict']}: {v['reason']}" if v else ""
            print(f"  {s.source}:{s.provider} {s.file}#{s.index} [{s.how}] {mask(s.value)}{said}")


def check(judged: Rates, args: argparse.Namespace, stale: list[Any]) -> int:
    """Exit 1 when a judged metric misses its threshold (the issue's targets by default).

    A stale verdict fails too: the samples moved under it (a new pin, a new
    cut), so the judged numbers leave out the wrong values until it is redone.
    """
    failed = [f"{len(stale)} stale verdicts"] if stale else []
    for name, floor in (("format", args.min_format), ("env", args.min_env)):
        got = judged.metric(name)
        if got is not None and got < floor:
            failed.append(f"{name} recall {got:.3f} < {floor}")
    fire = judged.metric("false_fire")
    if fire is not None and fire > args.max_false_fire:
        failed.append(f"SEC002 false fire rate {fire:.3f} > {args.max_false_fire}")
    for f in failed:
        print(f"check failed: {f}")
    return 1 if failed else 0


# ---------------------------------------------------------------- diff


@dataclass(frozen=True)
class Decision:
    """A documented reason nhiguard does not report a detect-secrets finding.

    It names its findings by a path glob (and a line), or, for a group of
    one shape, by its members: `at`, each `path:line`, so anyone can check
    the group's verdict line by line.
    """

    plugin: str
    path: str  # glob over the path relative to the tree; "" when `at` names the members
    line: int | None
    reason: str
    at: frozenset[str] = frozenset()  # "path:line" members of a group
    shape: str = ""

    def covers(self, plugin: str, rel: str, line: int) -> bool:
        if plugin != self.plugin:
            return False
        if self.at:
            return f"{rel}:{line}" in self.at
        return fnmatch.fnmatchcase(rel, self.path) and self.line in (None, line)


def load_decisions(path: Path = DECISIONS) -> list[Decision]:
    if not path.exists():
        return []
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    out = []
    for d in data.get("decisions") or []:
        if not str(d.get("reason", "")).strip():
            raise SystemExit(f"{path}: decision without a reason: {d}")
        if bool(d.get("path")) == bool(d.get("at")):
            raise SystemExit(f"{path}: a decision names either a path glob or its members: {d}")
        line = d.get("line")
        out.append(
            Decision(
                d["plugin"],
                d.get("path") or "",
                int(line) if line else None,
                d["reason"],
                frozenset(str(a) for a in d.get("at") or ()),
                str(d.get("shape") or ""),
            )
        )
    return out


def detect_secrets(tree: Path, refresh: bool) -> dict[str, list[dict[str, Any]]]:
    """detect-secrets' results over tree (all default plugins), cached per tree path."""
    DS_CACHE.mkdir(parents=True, exist_ok=True)
    cache = DS_CACHE / (hashlib.sha1(str(tree.resolve()).encode()).hexdigest()[:16] + ".json")
    if cache.is_file() and not refresh:
        data = json.loads(cache.read_text(encoding="utf-8"))
    else:
        cmd = ["detect-secrets", "scan", "--all-files", "."]
        done = subprocess.run(cmd, cwd=tree, capture_output=True)
        if done.returncode != 0:
            sys.stderr.write(done.stderr.decode("utf-8", "replace")[-2000:])
            raise SystemExit(f"detect-secrets exited {done.returncode}")
        data = json.loads(done.stdout)
        data["tree"] = str(tree.resolve())
        part = cache.with_suffix(f".{os.getpid()}.part")
        part.write_text(json.dumps(data), encoding="utf-8")
        os.replace(part, cache)  # whole, even when two runs finish together
    results: dict[str, list[dict[str, Any]]] = data.get("results") or {}
    return results


@dataclass(frozen=True)
class Uncovered:
    path: str
    line: int
    plugin: str
    decision: Decision | None


def uncovered(
    ds: dict[str, list[dict[str, Any]]],
    hits: dict[tuple[str, int], set[str]],
    decisions: list[Decision],
    annotated: dict[tuple[str, int], set[str]] | None = None,
) -> list[Uncovered]:
    """detect-secrets findings with no nhiguard finding on the same file and line.

    Each carries the decision that explains it, if any: an entry of
    decisions.yaml, or the scanned file's own `# ok: RULE reason` annotation
    on that line (`annotated`: (path, line) -> rules it keeps silent), the
    fixtures' way of documenting a deliberate negative.
    """
    out = []
    for path, items in sorted(ds.items()):
        rel = Path(path).as_posix()
        for item in items:
            line = int(item["line_number"])
            if hits.get((rel, line)):
                continue
            plugin = str(item["type"])
            match = next((d for d in decisions if d.covers(plugin, rel, line)), None)
            if match is None and (annotated or {}).get((rel, line)):
                rules = ", ".join(sorted((annotated or {})[(rel, line)]))
                match = Decision(plugin, rel, line, f"the file's own `# ok: {rules}` annotation")
            out.append(Uncovered(rel, line, plugin, match))
    return out


def ok_annotations(tree: Path, paths: Iterable[str]) -> dict[tuple[str, int], set[str]]:
    """(path, line) -> rules a `# ok:` comment keeps silent there, in the given files."""
    out: dict[tuple[str, int], set[str]] = defaultdict(set)
    for rel in paths:
        try:
            text = (tree / rel).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        for line, rule in annotations.deliberate_negatives(text):
            out[(Path(rel).as_posix(), line)].add(rule)
    return out


def stale_members(
    tree: Path, decisions: list[Decision], gaps: list[Uncovered]
) -> list[tuple[Decision, str]]:
    """Members (`at`) of a decision whose file is in this tree but whose finding is no gap.

    Either nhiguard reports that line now, or detect-secrets no longer
    finds it: the member, and maybe the group's verdict, needs a look.
    """
    used = {(g.plugin, f"{g.path}:{g.line}") for g in gaps if g.decision is not None}
    out = []
    for d in decisions:
        for member in sorted(d.at):
            rel = member.rsplit(":", 1)[0]
            if (tree / rel).is_file() and (d.plugin, member) not in used:
                out.append((d, member))
    return out


def diff(args: argparse.Namespace) -> int:
    trees = args.trees or [REPO / "tests" / "fixtures", REPO / "examples"]
    decisions = load_decisions()
    root = nhiguard_root(args.nhiguard)
    open_total = stale_total = 0
    for tree in trees:
        ds = detect_secrets(tree, args.refresh)
        hits = findings_by_line(nhiguard_json(tree, root, args.jobs), tree)
        gaps = uncovered(ds, hits, decisions, ok_annotations(tree, ds))
        total = sum(len(v) for v in ds.values())
        open_gaps = [g for g in gaps if g.decision is None]
        stale = stale_members(tree, decisions, gaps)
        open_total += len(open_gaps)
        stale_total += len(stale)
        print(
            f"{tree}: detect-secrets {total} findings: {total - len(gaps)} matched "
            f"(an nhiguard finding on the line), {len(gaps) - len(open_gaps)} decided, "
            f"{len(open_gaps)} open; {len(stale)} stale decision members"
        )
        by_plugin: dict[str, list[Uncovered]] = defaultdict(list)
        for g in gaps:
            by_plugin[g.plugin].append(g)
        for plugin, items in sorted(by_plugin.items(), key=lambda kv: -len(kv[1])):
            n_open = sum(1 for g in items if g.decision is None)
            print(
                f"  {plugin}: {len(items)} not matched ({len(items) - n_open} decided, {n_open} open)"
            )
            if args.details:
                for g in items:
                    why = (
                        f" -> decided: {g.decision.shape or g.decision.reason}"
                        if g.decision
                        else ""
                    )
                    print(f"    {g.path}:{g.line}{why}")
        for d, member in stale:
            print(f"  stale: {d.plugin} {member} ({d.shape or d.reason})")
    return 1 if args.check and (open_total or stale_total) else 0


# ---------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    rb = sub.add_parser("rebuild", help="extract the samples into .bench/secret_samples/")
    rb.add_argument("--mirror-root", type=Path, default=Path("/work/.mirror"))
    for name in ("score", "diff"):
        p = sub.add_parser(name)
        p.add_argument(
            "--nhiguard",
            type=Path,
            help="run the nhiguard of this source tree (default: the one on PYTHONPATH)",
        )
        p.add_argument("--jobs", type=int, default=2)
        p.add_argument("--details", action="store_true")
        p.add_argument("--check", action="store_true")
        if name == "score":
            p.add_argument("--source", action="append", choices=["gitleaks", "trufflehog"])
            p.add_argument("--top", type=int, default=25)
            p.add_argument("--per-provider", action="store_true")
            p.add_argument("--mirror-root", type=Path, default=Path("/work/.mirror"))
            p.add_argument("--min-format", type=float, default=TARGETS["format"])
            p.add_argument("--min-env", type=float, default=TARGETS["env"])
            p.add_argument("--max-false-fire", type=float, default=TARGETS["false_fire"])
        else:
            p.add_argument("trees", nargs="*", type=Path)
            p.add_argument("--refresh", action="store_true", help="rerun detect-secrets")
    args = parser.parse_args(argv)
    if args.command == "rebuild":
        return rebuild(args.mirror_root)
    if args.command == "score":
        return score(args)
    return diff(args)


if __name__ == "__main__":
    sys.exit(main())
