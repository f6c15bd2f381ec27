"""File in, findings out: read once, prefilter, analyse, mask, fingerprint, suppress.

Work is split per file into plain picklable `Job` records so that a process
pool can take them; tiny scans (a pre-commit run) stay in this process, where
starting workers would cost more than the scan itself.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from functools import partial
from pathlib import Path
from typing import BinaryIO

from scanner import (
    __version__,
    archives,
    coverage,
    linking,
    masking,
    pool,
    reading,
    reuse,
    suppressions,
)
from scanner.analyzers import ANALYZERS
from scanner.analyzers.base import Context, Source, Unparsable
from scanner.analyzers.lines import split_lines
from scanner.configuration import MAX_JOBS, Config
from scanner.discovery import FileRef, classify, discover, find_root, report_name
from scanner.model import (
    Commit,
    Detection,
    FileKind,
    Finding,
    KeyUse,
    Location,
    Notification,
    NotificationKind,
    ParamValue,
    Rule,
    ScanResult,
    Suppression,
)

POOL_THRESHOLD = 200
# A file over max-file-size is still searched, in blocks, by the rules that need one line.
STREAMED_RULES = frozenset({"SEC002"})
MAX_STREAMED_BYTES = 1024 * 1024 * 1024
_BINARY_PROBE = 8192
# Rules whose detections mark where a secret value sits. When one of them is
# disabled it still runs, on files that have a finding, so that the snippet of
# another rule's finding never shows the secret it would have masked.
MASKING_RULES = frozenset({"HMAC001", "HMAC002", "SEC001", "SEC002", "CI001"})
_FIELD = re.compile(r"\{(\w+)\}")  # `{key}` in a rule's message


@dataclass(frozen=True, slots=True)
class Settings:
    """What a worker needs to know about the scan, in picklable form."""

    enabled: frozenset[str]
    messages: Mapping[str, str]
    names: Mapping[str, str]  # rule id -> rule name: an inline ignore may use either
    parameters: Mapping[str, Mapping[str, ParamValue]]
    per_file_ignores: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    inline_ignores: bool = True
    max_file_size: int = 2 * 1024 * 1024
    reraise: bool = False

    @classmethod
    def build(cls, config: Config, rules: Sequence[Rule], reraise: bool = False) -> Settings:
        enabled = config.enabled_rules(rules)
        return cls(
            enabled=frozenset(r.id for r in enabled),
            messages={r.id: r.message for r in rules},
            names={r.id: r.name for r in rules},
            parameters={r.id: config.parameters_for(r) for r in rules},
            per_file_ignores=dict(config.per_file_ignores),
            inline_ignores=config.inline_ignores,
            max_file_size=config.max_file_size,
            reraise=reraise,
        )


@dataclass(frozen=True, slots=True)
class Job:
    path: str
    relpath: str
    kind: FileKind
    data: bytes | None = None  # the content itself, when no file is read (a git blob)
    commit: Commit | None = None
    context: bool = False  # read only for the cross-file passes: see `context_settings`


@dataclass(frozen=True, slots=True)
class Outcome:
    findings: tuple[Finding, ...] = ()
    notifications: tuple[Notification, ...] = ()
    # Inline ignores of SEC003 on the lines of this file's secrets: reuse is found
    # after every file is analysed, when the file's lines are gone.
    reuse_ignores: tuple[tuple[str, int, Suppression], ...] = ()  # (path, line, how)
    # Config findings code may turn into signing-key findings, and this file's key uses.
    linkable: tuple[linking.Linkable, ...] = ()
    key_uses: tuple[KeyUse, ...] = ()
    ignores: tuple[suppressions.Ignore, ...] = ()  # judged once the scan's findings are final


def scan(
    paths: Sequence[Path],
    config: Config,
    rules: Sequence[Rule],
    *,
    jobs: int | None = None,
    reraise: bool = False,
    before_reading: Callable[[Sequence[FileRef]], None] = lambda files: None,
    advance: Callable[[int], None] = lambda files: None,
) -> ScanResult:
    """Discover, analyse and link; `before_reading` sees the file list first and may raise.

    `advance` hears how many more files are analysed, as they are (a progress bar).
    """
    clock = _Clock.start()
    root = find_root(paths or [Path(".")])
    files, notes = discover(paths or [Path(".")], root, config.exclude)
    before_reading(files)
    work = [Job(str(f.path), f.relpath, f.kind) for f in files]
    return _assembled(
        work, notes, report_name(str(root)), config, rules, jobs, reraise, clock, advance
    )


@dataclass(frozen=True, slots=True)
class Blob:
    """A file's content held in memory (a git object), scanned as if read from `relpath`."""

    relpath: str
    data: bytes
    commit: Commit | None = None  # stamped on the blob's findings (history scans)
    context: bool = False  # its own findings are not reported: only linking and reuse need it


def scan_blobs(
    blobs: Sequence[Blob],
    config: Config,
    rules: Sequence[Rule],
    *,
    root: Path,
    jobs: int | None = None,
    reraise: bool = False,
) -> ScanResult:
    """Analyse and link contents no file on disk holds (history, the index), as `scan` would.

    Blobs are not discovered: the caller chooses them, excludes included.
    Two blobs may share a path (two versions of a file); each is analysed.
    """
    clock = _Clock.start()
    work = [
        Job(b.relpath, b.relpath, classify(b.relpath), b.data, b.commit, b.context) for b in blobs
    ]
    return _assembled(work, [], report_name(str(root)), config, rules, jobs, reraise, clock)


@dataclass(frozen=True, slots=True)
class _Clock:
    started: float
    started_at: str

    @classmethod
    def start(cls) -> _Clock:
        now = datetime.now(timezone.utc).replace(microsecond=0).isoformat()
        return cls(time.monotonic(), now)


def _assembled(
    work: list[Job],
    notes: list[Notification],
    root: str,
    config: Config,
    rules: Sequence[Rule],
    jobs: int | None,
    reraise: bool,
    clock: _Clock,
    advance: Callable[[int], None] = lambda files: None,
) -> ScanResult:
    """Every job analysed, then the cross-file passes (linking, reuse) over all of them."""
    settings = Settings.build(config, rules, reraise)
    outcomes = _run(work, settings, jobs, advance)
    findings = linking.link(
        [f for o in outcomes for f in o.findings],
        [c for o in outcomes for c in o.linkable],
        [u for o in outcomes for u in o.key_uses],
    )
    accepted = {(path, line): found for o in outcomes for path, line, found in o.reuse_ignores}
    findings.extend(_reused(findings, accepted, settings))
    findings.sort(key=Finding.sort_key)
    notes.extend(n for o in outcomes for n in o.notifications)
    notes.extend(_unheeded([i for o in outcomes for i in o.ignores], findings, settings))
    return ScanResult(
        root=root,
        findings=_published(findings),
        notifications=tuple(sorted(notes, key=lambda n: (n.path, n.kind.value, n.line))),
        files_scanned=len(work),
        rules=tuple(r for r in rules if r.id in settings.enabled),
        started_at=clock.started_at,
        duration_seconds=round(time.monotonic() - clock.started, 3),
        version=__version__,
        inputs=coverage.checked_inputs(((j.relpath, j.kind) for j in work if not j.context), notes),
    )


def _reused(
    findings: Sequence[Finding],
    accepted: Mapping[tuple[str, int], Suppression],
    settings: Settings,
) -> list[Finding]:
    """SEC003 over every file's secrets, suppressed by the owning file's comments or config."""
    if reuse.RULE_ID not in settings.enabled:
        return []

    def suppression_for(path: str, line: int, rule_id: str) -> Suppression | None:
        found = accepted.get((path, line))
        return found or suppressions.by_config(path, rule_id, settings.per_file_ignores)

    minimum = settings.parameters[reuse.RULE_ID].get("min_length", 12)
    return reuse.find(
        findings,
        int(minimum) if isinstance(minimum, (int, float)) else 12,
        settings.messages[reuse.RULE_ID],
        suppression_for,
    )


def scan_text(
    relpath: str, text: str, config: Config, rules: Sequence[Rule], *, reraise: bool = True
) -> Outcome:
    """Analyse one in-memory file as a scan would: the entry the rule examples use."""
    settings = Settings.build(config, rules, reraise)
    outcome = analyze_data(Job(relpath, relpath, classify(relpath)), text.encode(), settings)
    accepted = {(path, line): found for path, line, found in outcome.reuse_ignores}
    reused = _reused(outcome.findings, accepted, settings)
    findings = sorted((*outcome.findings, *reused), key=Finding.sort_key)
    notes = (*outcome.notifications, *_unheeded(outcome.ignores, findings, settings))
    return replace(outcome, findings=_published(findings), notifications=notes)


def _unheeded(
    ignores: Sequence[suppressions.Ignore],
    findings: Sequence[Finding],
    settings: Settings,
) -> list[Notification]:
    """Ignore comments that name no rule or suppress nothing, once the findings are final."""
    if not ignores or not settings.inline_ignores:
        return []
    known = {
        key.lower(): rule_id for rule_id, name in settings.names.items() for key in (rule_id, name)
    }
    return suppressions.unheeded(ignores, findings, known, settings.enabled)


def _published(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    """Findings as a report may hold them: match digests re-keyed by the organisation or dropped."""
    key = masking.report_key()
    return tuple(
        f
        if f.evidence is None
        else replace(
            f, evidence=replace(f.evidence, digest=masking.published(f.evidence.digest, key))
        )
        for f in findings
    )


def _run(
    jobs: list[Job], settings: Settings, workers: int | None, advance: Callable[[int], None]
) -> list[Outcome]:
    count = min(workers if workers is not None else (os.cpu_count() or 1), MAX_JOBS)
    if count <= 1 or len(jobs) < POOL_THRESHOLD:
        outcomes = []
        for job in jobs:
            outcomes.append(analyze_file(job, settings))
            advance(1)
        return outcomes
    chunk = max(1, min(16, len(jobs) // (count * 8)))
    work = partial(_analyze_in_worker, settings=settings)
    return pool.run(work, jobs, count, chunk, _crashed, advance)


def _analyze_in_worker(job: Job, settings: Settings) -> Outcome:
    # Looked up at call time, so the worker runs the module's current analyze_file.
    return analyze_file(job, settings)


def _crashed(job: Job) -> Outcome:
    return _note(job, NotificationKind.ANALYZER_CRASH, "the process analysing it crashed")


def analyze_file(job: Job, settings: Settings) -> Outcome:
    """Read one file (once) and analyse it; never raises for the file's sake."""
    if job.context:
        settings = context_settings(settings)
    if job.data is not None:
        return _stamped(_analyzed(job, job.data, settings), job.commit)
    try:
        with reading.open_listed(job.path) as handle:
            data = handle.read(settings.max_file_size + 1)
            if len(data) > settings.max_file_size:
                return _too_large(job, data, handle, settings)
    except reading.Refused as exc:
        return _note(job, NotificationKind.UNREADABLE, str(exc))
    except OSError as exc:
        return _note(job, NotificationKind.UNREADABLE, type(exc).__name__)
    return _analyzed(job, data, settings)


def _too_large(job: Job, head: bytes, rest: BinaryIO, settings: Settings) -> Outcome:
    """A file over max-file-size, searched block by block for known credential formats only.

    The other rules need the whole file (a syntax tree, a config's structure);
    a provider-format key sits on one line, so a 300 MiB log or dump holding
    one is still caught. The file is still reported too large: only part of
    the analysis ran. A binary file, or an archive too large to open, is not
    searched; past `MAX_STREAMED_BYTES` the rest is not read.
    """
    limit = settings.max_file_size
    wanted = STREAMED_RULES & settings.enabled
    if not wanted or b"\0" in head[:_BINARY_PROBE] or archives.is_archive(job.relpath):
        return _note(job, NotificationKind.TOO_LARGE, f"over {limit} bytes")
    context = Context(wanted, settings.parameters, settings.reraise)
    findings: list[Finding] = []
    notes: list[Notification] = []
    before = 0  # lines in the blocks already searched
    read = len(head)
    pending = head
    while pending:
        more = rest.read(limit) if read < MAX_STREAMED_BYTES else b""
        read += len(more)
        data = pending + more
        cut = (data.rfind(b"\n") + 1 or len(data)) if more else len(data)
        block, pending = data[:cut], data[cut:]
        source = Source.of(job.relpath, job.kind, block.decode("utf-8", "replace"))
        detections, _ = _detect(source, block, context, settings, notes)
        secrets = _secret_texts(detections, source.lines)
        for _, found in _findings(
            job.relpath, source.lines, detections, settings, job.kind, secrets
        ):
            where = found.location
            end = where.end_line + before if where.end_line else 0
            findings.append(
                replace(found, location=replace(where, line=where.line + before, end_line=end))
            )
        before += block.count(b"\n")
    partial = f", the first {MAX_STREAMED_BYTES} bytes" if rest.read(1) else ""
    detail = f"over {limit} bytes: searched for known credential formats only{partial}"
    notes.append(Notification(job.relpath, NotificationKind.TOO_LARGE, detail))
    return Outcome(tuple(findings), tuple(notes))


def analyze_archive(job: Job, data: bytes, settings: Settings) -> Outcome:
    """Every member of an archive analysed as a file of its own, named `archive.zip!inner`.

    Binary members (a jar's classes, a wheel's libraries) are counted in one
    note on the archive rather than one each: they are expected there.
    """
    outcomes: list[Outcome] = []
    notes: list[Notification] = []
    binary = 0
    for item in archives.members(job.relpath, data, settings.max_file_size):
        if isinstance(item, Notification):
            notes.append(item)
            continue
        member = Job(item.name, item.name, classify(item.name.rpartition(archives.SEPARATOR)[2]))
        outcome = analyze_data(member, item.data, settings)
        skipped = [n for n in outcome.notifications if n.kind is NotificationKind.BINARY]
        binary += len(skipped)
        notes.extend(n for n in outcome.notifications if n not in skipped)
        outcomes.append(outcome)
    if binary:
        detail = f"{binary} binary member{'s' if binary > 1 else ''} skipped"
        notes.append(Notification(job.relpath, NotificationKind.BINARY, detail))
    return Outcome(
        tuple(f for o in outcomes for f in o.findings),
        tuple(notes),
        tuple(r for o in outcomes for r in o.reuse_ignores),
        tuple(c for o in outcomes for c in o.linkable),
        tuple(u for o in outcomes for u in o.key_uses),
        tuple(i for o in outcomes for i in o.ignores),
    )


def context_settings(settings: Settings) -> Settings:
    """The settings for a file read only as context: the rules whose findings other files use.

    Linking needs the config values and the code's key uses, reuse the
    secrets' digests: all come from MASKING_RULES. A change scan reports on
    a few files but reads the whole repository, so its other files skip
    every other check (and most of their parsing).
    """
    return replace(settings, enabled=settings.enabled & MASKING_RULES)


def _analyzed(job: Job, data: bytes, settings: Settings) -> Outcome:
    """Content within max-file-size (a file's, or a blob's): an archive member by member."""
    if archives.is_archive(job.relpath):
        return analyze_archive(job, data, settings)
    return analyze_data(job, data, settings)


def _stamped(outcome: Outcome, commit: Commit | None) -> Outcome:
    """The outcome with `commit` on every finding, those linking may still make included."""
    if commit is None:
        return outcome
    return replace(
        outcome,
        findings=tuple(replace(f, commit=commit) for f in outcome.findings),
        linkable=tuple(
            replace(c, finding=replace(c.finding, commit=commit)) for c in outcome.linkable
        ),
    )


def analyze_data(job: Job, data: bytes, settings: Settings) -> Outcome:
    if b"\0" in data[:_BINARY_PROBE]:
        return _note(job, NotificationKind.BINARY, "not text")
    notes: list[Notification] = []
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        text = data.decode("utf-8", "replace")
        line = len(split_lines(data[: exc.start].decode("utf-8")))
        notes.append(Notification(job.relpath, NotificationKind.NOT_UTF8, "partly analysed", line))
    source = Source.of(job.relpath, job.kind, text)
    context = Context(settings.enabled, settings.parameters, settings.reraise)
    detections, uses = _detect(source, data, context, settings, notes)
    hidden = MASKING_RULES - settings.enabled
    if hidden and any(d.rule_id in settings.enabled for d in detections):
        # Only their secret spans are kept; their findings and notes are not the user's.
        hidden_context = Context(hidden, settings.parameters, settings.reraise)
        unseen, _ = _detect(source, data, hidden_context, settings, [], masking=True)
        detections.extend(d for d in unseen if d.secret_spans)
    secrets = _secret_texts(detections, source.lines)
    made = _findings(job.relpath, source.lines, detections, settings, source.kind, secrets)
    findings = [f for d, f in made if not d.if_signing_key]
    linkable = tuple(
        linking.Linkable(d.setting, d.if_signing_key, f, d.if_key_needs)
        for d, f in made
        if d.setting
    )
    return Outcome(
        tuple(findings),
        tuple(notes),
        _reuse_ignores(job.relpath, source.lines, [f for _, f in made], settings, secrets),
        linkable,
        tuple(uses),
        suppressions.comments(job.relpath, text, source.lines) if settings.inline_ignores else (),
    )


def _reuse_ignores(
    relpath: str,
    lines: Sequence[str],
    findings: Sequence[Finding],
    settings: Settings,
    secrets: Sequence[str] = (),
) -> tuple[tuple[str, int, Suppression], ...]:
    if reuse.RULE_ID not in settings.enabled or not settings.inline_ignores:
        return ()
    accepted = []
    for line in sorted({f.location.line for f in findings if f.evidence is not None}):
        found = suppressions.inline(
            lines, line, reuse.RULE_ID, secrets, settings.names.get(reuse.RULE_ID, "")
        )
        if found is not None:
            accepted.append((relpath, line, found))
    return tuple(accepted)


def _detect(
    source: Source,
    data: bytes,
    context: Context,
    settings: Settings,
    notes: list[Notification],
    masking: bool = False,
) -> tuple[list[Detection], list[KeyUse]]:
    """Every analyzer for the file's kind and the context's rules; failures become notes.

    Analyzers contain failures per family, value or step and report them as
    notes; one that escapes still costs only that analyzer's remaining work.
    """
    detections: list[Detection] = []
    uses: list[KeyUse] = []
    for analyzer in ANALYZERS:
        if source.kind not in analyzer.kinds or not context.wants(*analyzer.rules):
            continue
        if not analyzer.might_report(data, source.kind):
            continue
        if (
            masking
            and getattr(analyzer, "marks_in_pass", False)
            and settings.enabled & analyzer.rules
        ):
            continue  # it ran in the main pass and marked secrets there, rules off or not
        try:
            for reported in analyzer.analyze(source, context):
                if isinstance(reported, KeyUse):
                    uses.append(reported)
                elif isinstance(reported, Notification):
                    notes.append(reported)
                else:
                    detections.append(reported)
        except Unparsable as exc:
            notes.append(
                Notification(source.relpath, NotificationKind.PARSE_ERROR, exc.what, exc.line)
            )
        except Exception as exc:
            if settings.reraise:
                raise
            notes.append(
                Notification(source.relpath, NotificationKind.ANALYZER_ERROR, type(exc).__name__)
            )
    return detections, uses


def _findings(
    relpath: str,
    lines: Sequence[str],
    detections: list[Detection],
    settings: Settings,
    kind: FileKind | None = None,
    secrets: Sequence[str] = (),
) -> list[tuple[Detection, Finding]]:
    """One finding per enabled detection, paired with it (linking needs the setting it names).

    Conditional detections are numbered apart from the rest, so no finding's
    fingerprint moves when a variable is added, or when code elsewhere reads it.
    A conditional value is masked in every snippet of its line but those of
    findings about that very value (an http URL, a lifetime): there it is no
    secret unless code signs with it, and then the linked finding masks it.
    """
    spans = _spans((d for d in detections if not d.if_signing_key), lines)
    maybe = _spans((d for d in detections if d.if_signing_key), lines)
    around = masking.neighbours(
        lines, [d.location.line for d in detections], _joined(spans, maybe), kind, secrets
    )
    occurrences: Counter[tuple[str, str]] = Counter()
    findings = []
    seen: set[tuple[str, Location, str, str, int]] = set()
    for detection in sorted(detections, key=lambda d: (d.location, d.rule_id)):
        if detection.rule_id not in settings.enabled:
            continue
        # Two analyzers (or families) may reach the same fact: one finding per rule, place, value.
        key = (
            detection.rule_id,
            detection.location,
            _digest(detection),
            detection.setting,
            detection.if_key_needs,
        )
        if key in seen:
            continue
        seen.add(key)
        line = detection.location.line
        raw_line = lines[line - 1] if 1 <= line <= len(lines) else ""
        own = _spans([detection], lines).get(line, []) if detection.if_signing_key else []
        itself = _spans_of_location(detection, lines)
        others = [span for span in maybe.get(line, []) if span not in itself]
        snippet = masking.mask_line(raw_line, [*spans.get(line, []), *own, *others], kind).strip()
        identity = _normalise(snippet)
        if detection.if_signing_key:
            identity = f"if-signing-key\0{identity}"
        occurrences[(detection.rule_id, identity)] += 1
        findings.append(
            (
                detection,
                Finding(
                    rule_id=detection.rule_id,
                    path=relpath,
                    location=detection.location,
                    message=_message(settings.messages[detection.rule_id], detection.fields),
                    snippet=snippet[:300],
                    fingerprint=_fingerprint(
                        detection.rule_id,
                        relpath,
                        identity,
                        occurrences[(detection.rule_id, identity)],
                    ),
                    evidence=detection.evidence,
                    related=detection.related,
                    adjustment=detection.adjustment,
                    suppression=_suppression(relpath, lines, detection, settings, secrets),
                    context=masking.context(lines, line, snippet[:300], around),
                ),
            )
        )
    return findings


def _spans(
    detections: Iterable[Detection], lines: Sequence[str]
) -> dict[int, list[tuple[int, int]]]:
    """Per line, the (start, end) columns of every secret the detections mark."""
    spans: dict[int, list[tuple[int, int]]] = {}
    for detection in detections:
        for span in detection.secret_spans:
            for line, start, end in _line_spans(span, lines):
                spans.setdefault(line, []).append((start, end))
    return spans


def _joined(*spans: Mapping[int, list[tuple[int, int]]]) -> dict[int, list[tuple[int, int]]]:
    joined: dict[int, list[tuple[int, int]]] = {}
    for each in spans:
        for line, found in each.items():
            joined.setdefault(line, []).extend(found)
    return joined


def _spans_of_location(detection: Detection, lines: Sequence[str]) -> list[tuple[int, int]]:
    return [(start, end) for _, start, end in _line_spans(detection.location, lines)]


def _suppression(
    relpath: str,
    lines: Sequence[str],
    detection: Detection,
    settings: Settings,
    secrets: Sequence[str],
) -> Suppression | None:
    found = None
    if settings.inline_ignores:
        line = detection.location.line
        found = suppressions.inline(
            lines, line, detection.rule_id, secrets, settings.names.get(detection.rule_id, "")
        )
    return found or suppressions.by_config(relpath, detection.rule_id, settings.per_file_ignores)


def _secret_texts(detections: Iterable[Detection], lines: Sequence[str]) -> tuple[str, ...]:
    """The text of every secret span of the file, for masking wherever else it is quoted."""
    return tuple(
        sorted(
            {
                lines[line - 1][start:end]
                for line, found in _spans(detections, lines).items()
                for start, end in found
            }
        )
    )


def _line_spans(span: Location, lines: Sequence[str]) -> Iterable[tuple[int, int, int]]:
    last = span.end_line or span.line
    for line in range(span.line, last + 1):
        if not 1 <= line <= len(lines):
            continue
        start = span.column - 1 if line == span.line else 0
        end = span.end_column - 1 if line == last and span.end_column else len(lines[line - 1])
        yield line, start, end


def _digest(detection: Detection) -> str:
    return detection.evidence.digest if detection.evidence is not None else ""


def _message(template: str, fields: Mapping[str, str]) -> str:
    return _FIELD.sub(lambda m: fields.get(m.group(1), m.group(0)), template)


def _normalise(snippet: str) -> str:
    return " ".join(snippet.split())


def _fingerprint(rule_id: str, relpath: str, identity: str, occurrence: int) -> str:
    material = f"{rule_id}\0{relpath}\0{identity}\0{occurrence}".encode()
    return hashlib.sha256(material).hexdigest()[:32]


def _note(job: Job, kind: NotificationKind, detail: str) -> Outcome:
    return Outcome(notifications=(Notification(job.relpath, kind, detail),))


__all__ = [
    "Blob",
    "FileRef",
    "Outcome",
    "Settings",
    "analyze_file",
    "scan",
    "scan_blobs",
    "scan_text",
]
