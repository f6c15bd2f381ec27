"""Files in, findings out: discover, read each file once, run its analyzers, link across files.

Work is split per file into plain picklable `Job` records so that a process
pool can take them; tiny scans (a pre-commit run) stay in this process, where
starting workers would cost more than the scan itself. Turning detections
into findings (masking, fingerprints, suppressions) is `findings.py`'s job.
"""

from __future__ import annotations

import io
import os
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import BinaryIO

from scanner import (
    __version__,
    archives,
    consistency,
    coverage,
    findings,
    linking,
    reading,
    registry,
    reuse,
    suppressions,
    vouching,
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
    Rule,
    ScanResult,
    Suppression,
    TokenValidation,
    Vouch,
)
from scanner.scan_settings import Settings

POOL_THRESHOLD = 200
MAX_STREAMED_BYTES = 1024 * 1024 * 1024  # a file over max-file-size: searched up to here
MAX_BLOB_BYTES = 64 * 1024 * 1024  # a git object over max-file-size is held in memory up to here
_BINARY_PROBE = 8192


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
    # Inline ignores of reuse on the lines of this file's secrets: reuse is found
    # after every file is analysed, when the file's lines are gone.
    reuse_ignores: tuple[tuple[str, int, Suppression], ...] = ()  # (path, line, how)
    # Config findings code may turn into signing-key findings, and this file's key uses.
    linkable: tuple[linking.Linkable, ...] = ()
    key_uses: tuple[KeyUse, ...] = ()
    ignores: tuple[suppressions.Ignore, ...] = ()  # judged once the scan's findings are final
    # Findings of disabled masking rules, never reported: the evidence reuse compares.
    evidence_only: tuple[Finding, ...] = ()
    # What each token validator of the file checks, with the finding prepared at its place.
    validations: tuple[tuple[TokenValidation, Finding], ...] = ()
    # Facts this file states for other files' findings, and the conditions its findings set.
    vouches: tuple[str, ...] = ()
    conditions: tuple[vouching.Condition, ...] = ()


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
    work, outcomes = _analysed(work, settings, jobs, advance)
    linked = linking.link(
        _vouched_for(outcomes),
        [c for o in outcomes for c in o.linkable],
        [u for o in outcomes for u in o.key_uses],
    )
    accepted = {(path, line): found for o in outcomes for path, line, found in o.reuse_ignores}
    evidence = [f for o in outcomes for f in o.evidence_only]
    linked.extend(_reused([*linked, *evidence], accepted, settings))
    linked.extend(_inconsistent([v for o in outcomes for v in o.validations], settings))
    linked.sort(key=Finding.sort_key)
    notes.extend(n for o in outcomes for n in o.notifications)
    notes.extend(_unheeded([i for o in outcomes for i in o.ignores], linked, settings))
    return ScanResult(
        root=root,
        findings=findings.published(linked),
        notifications=tuple(sorted(notes, key=lambda n: (n.path, n.kind.value, n.line))),
        files_scanned=len(work),
        rules=tuple(r for r in rules if r.id in settings.enabled),
        started_at=clock.started_at,
        duration_seconds=round(time.monotonic() - clock.started, 3),
        version=__version__,
        inputs=coverage.checked_inputs(((j.relpath, j.kind) for j in work if not j.context), notes),
    )


def _analysed(
    work: list[Job], settings: Settings, jobs: int | None, advance: Callable[[int], None]
) -> tuple[list[Job], list[Outcome]]:
    """The jobs worth analysing and their outcomes, in order: context files only where they count.

    A change scan reads the other files (context) for the cross-file passes
    alone, and most commits need few of them, so the reported files run
    first and decide. Linking places its findings on the config value: context
    counts only through code that uses a reported setting, and a module that
    names none of them is left out before it is parsed (the costly part of a
    scan); the other way round, a config file counts when it names a setting
    the reported code signs with. Reuse places its findings on every holder of a secret: when no
    reported file holds one (the usual commit), no other file is read. A value
    reused between a reported file and a module's literal is found by the full
    scan, not by a change scan. A finding another file may confirm or withdraw
    (a gateway policy covering an authentication) has the files that may state
    such facts read.
    """
    analysed: dict[int, Outcome] = {}

    def run(chosen: list[int]) -> list[Outcome]:
        chosen = [n for n in chosen if n not in analysed]
        outcomes = _run([work[n] for n in chosen], settings, jobs, advance)
        analysed.update(zip(chosen, outcomes, strict=True))
        return outcomes

    reported = run([n for n, job in enumerate(work) if not job.context])
    named = {c.setting.lower() for o in reported for c in o.linkable}
    signing = {u.name.lower() for o in reported for u in o.key_uses}
    context = [n for n, job in enumerate(work) if job.context]
    python = [n for n in context if work[n].kind is FileKind.PYTHON]
    configs = [n for n in context if work[n].kind is not FileKind.PYTHON]
    using = run([n for n in python if _names(work[n], named)])
    run([n for n in configs if _names(work[n], signing)])  # reported code signs with their values
    used = {u.name.lower() for o in (*reported, *using) for u in o.key_uses}
    if reuse.RULE.id in settings.enabled and any(_holds_secret(o, used) for o in reported):
        run(configs)
    if any(o.conditions for o in reported):  # another file may confirm or withdraw them
        run([n for n in configs if _may_vouch(work[n])])
    kept = sorted(analysed)
    return [work[n] for n in kept], [analysed[n] for n in kept]


def _vouched_for(outcomes: Sequence[Outcome]) -> list[Finding]:
    """Every file's findings but those the scan's vouches withdraw (or do not confirm)."""
    claims = {claim for o in outcomes for claim in o.vouches}
    dropped = vouching.withdrawn((c for o in outcomes for c in o.conditions), claims)
    return [f for o in outcomes for f in o.findings if f.fingerprint not in dropped]


def _may_vouch(job: Job) -> bool:
    """Whether an analyzer that states facts for other files (`vouches`) would read the file."""
    return any(
        getattr(a, "vouches", False)
        and job.kind in a.kinds
        and a.might_report(job.data or b"", job.kind)
        for a in ANALYZERS
    )


def _names(job: Job, settings: set[str]) -> bool:
    """Whether the file's text names one of `settings` (lowered), in any case."""
    lowered = (job.data or b"").lower()
    return any(name.encode("utf-8", "surrogateescape") in lowered for name in settings)


def _holds_secret(outcome: Outcome, used: set[str]) -> bool:
    """Whether the file holds a value reuse compares: any evidence, a setting's once code uses it."""
    held = [*outcome.findings, *outcome.evidence_only]
    held.extend(
        c.finding for c in outcome.linkable if not c.conditional or c.setting.lower() in used
    )
    return any(f.evidence is not None for f in held)


def _reused(
    candidates: Sequence[Finding],
    accepted: Mapping[tuple[str, int], Suppression],
    settings: Settings,
) -> list[Finding]:
    """Reuse over every file's secrets, suppressed by the owning file's comments or config."""
    if reuse.RULE.id not in settings.enabled:
        return []

    def suppression_for(path: str, line: int, rule_id: str) -> Suppression | None:
        found = accepted.get((path, line))
        return found or suppressions.by_config(path, rule_id, settings.per_file_ignores)

    return reuse.find(
        candidates,
        reuse.RULE.parameters_in(settings.parameters).min_length,
        settings.messages[reuse.RULE.id],
        suppression_for,
    )


def _inconsistent(
    validations: Sequence[tuple[TokenValidation, Finding]], settings: Settings
) -> list[Finding]:
    if consistency.RULE.id not in settings.enabled:
        return []
    margin = consistency.RULE.parameters_in(settings.parameters).leeway_margin_seconds
    return consistency.find(validations, settings.messages[consistency.RULE.id], margin)


def scan_text(
    relpath: str, text: str, config: Config, rules: Sequence[Rule], *, reraise: bool = True
) -> Outcome:
    """Analyse one in-memory file as a scan would: the entry the rule examples use."""
    settings = Settings.build(config, rules, reraise)
    outcome = analyze_data(Job(relpath, relpath, classify(relpath)), text.encode(), settings)
    accepted = {(path, line): found for path, line, found in outcome.reuse_ignores}
    reused = _reused([*outcome.findings, *outcome.evidence_only], accepted, settings)
    reused.extend(_inconsistent(outcome.validations, settings))
    made = sorted((*_vouched_for([outcome]), *reused), key=Finding.sort_key)
    notes = (*outcome.notifications, *_unheeded(outcome.ignores, made, settings))
    return replace(outcome, findings=findings.published(made), notifications=notes)


def _unheeded(
    ignores: Sequence[suppressions.Ignore],
    final: Sequence[Finding],
    settings: Settings,
) -> list[Notification]:
    """Ignore comments that name no rule or suppress nothing, once the findings are final."""
    if not ignores or not settings.inline_ignores:
        return []
    known = {
        key.lower(): rule_id for rule_id, name in settings.names.items() for key in (rule_id, name)
    }
    return suppressions.unheeded(ignores, final, known, settings.enabled)


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
    # Imported here: multiprocessing costs a pre-commit run, which never pools, 15 ms.
    from scanner import pool

    chunk = max(1, min(16, len(jobs) // (count * 8)))
    return pool.run(_analyze_in_worker, settings, jobs, count, chunk, _crashed, advance)


def _analyze_in_worker(settings: Settings, job: Job) -> Outcome:
    # Looked up at call time, so the worker runs the module's current analyze_file.
    return analyze_file(job, settings)


def _crashed(job: Job) -> Outcome:
    return _note(job, NotificationKind.ANALYZER_CRASH, "the process analysing it crashed")


def analyze_file(job: Job, settings: Settings) -> Outcome:
    """Read one file (once) and analyse it; never raises for the file's sake."""
    if job.context:
        settings = context_settings(settings)
    if job.data is not None:
        limit = settings.max_file_size
        if len(job.data) > limit:
            head, rest = job.data[: limit + 1], io.BytesIO(job.data[limit + 1 :])
            return _stamped(_too_large(job, head, rest, settings), job.commit)
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
    wanted = registry.STREAMED & settings.enabled
    if not wanted or b"\0" in head[:_BINARY_PROBE] or archives.is_archive(job.relpath):
        return _note(job, NotificationKind.TOO_LARGE, f"over {limit} bytes")
    context = Context(wanted, settings.parameters, settings.reraise)
    found: list[Finding] = []
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
        detections, *_ = _detect(source, block, context, settings, notes)
        secrets = findings.secret_texts(detections, source.lines)
        for _, finding in findings.assemble(
            job.relpath, source.lines, detections, settings, job.kind, secrets
        ):
            where = finding.location
            end = where.end_line + before if where.end_line else 0
            found.append(
                replace(finding, location=replace(where, line=where.line + before, end_line=end))
            )
        before += block.count(b"\n")
    partial = f", the first {MAX_STREAMED_BYTES} bytes" if rest.read(1) else ""
    stamp = f" (commit {job.commit.sha[:12]})" if job.commit else ""
    detail = f"over {limit} bytes: searched for known credential formats only{partial}{stamp}"
    notes.append(Notification(job.relpath, NotificationKind.TOO_LARGE, detail))
    return Outcome(tuple(found), tuple(notes))


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
        tuple(f for o in outcomes for f in o.evidence_only),
        tuple(v for o in outcomes for v in o.validations),
        tuple(v for o in outcomes for v in o.vouches),
        tuple(c for o in outcomes for c in o.conditions),
    )


def context_settings(settings: Settings) -> Settings:
    """The settings for a file read only as context: the rules whose findings other files use.

    Linking needs the config values and the code's key uses, reuse the
    secrets' digests: all come from the masking rules. A change scan reports on
    a few files but reads the whole repository, so its other files skip
    every other check (and most of their parsing).
    """
    return replace(settings, enabled=settings.enabled & registry.MASKING)


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
        validations=tuple((v, replace(f, commit=commit)) for v, f in outcome.validations),
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
    detections, uses, validations, vouches = _detect(source, data, context, settings, notes)
    # Reuse compares the evidence of the masking rules, so it needs them even when disabled.
    reuse_on = reuse.RULE.id in settings.enabled
    hidden = registry.MASKING - settings.enabled
    if hidden and (reuse_on or any(d.rule_id in settings.enabled for d in detections)):
        # Only their secret spans and evidence are kept; their findings are not the user's.
        hidden_context = Context(hidden, settings.parameters, settings.reraise)
        unseen, *_ = _detect(source, data, hidden_context, settings, [], masking=True)
        detections.extend(d for d in unseen if d.secret_spans)
    secrets = findings.secret_texts(detections, source.lines)
    made = findings.assemble(
        job.relpath,
        source.lines,
        detections,
        settings,
        source.kind,
        secrets,
        also=hidden if reuse_on else frozenset(),
    )
    mine = [(d, f) for d, f in made if d.rule_id in settings.enabled]
    linkable = tuple(
        linking.Linkable(d.setting, d.if_signing_key, f, d.if_key_needs)
        for d, f in mine
        if d.setting
    )
    return Outcome(
        tuple(f for d, f in mine if not d.if_signing_key),
        tuple(notes),
        _reuse_ignores(job.relpath, source.lines, [f for _, f in made], settings, secrets),
        linkable,
        tuple(uses),
        suppressions.comments(job.relpath, text, source.lines) if settings.inline_ignores else (),
        tuple(f for d, f in made if d.rule_id not in settings.enabled and not d.if_signing_key),
        _prepared(job.relpath, source, validations, settings, secrets),
        tuple(sorted({v.claim for v in vouches})),
        tuple(
            vouching.Condition(f.fingerprint, d.if_vouched, d.unless_vouched)
            for d, f in mine
            if d.if_vouched or d.unless_vouched
        ),
    )


def _prepared(
    relpath: str,
    source: Source,
    validations: Sequence[TokenValidation],
    settings: Settings,
    secrets: Sequence[str],
) -> tuple[tuple[TokenValidation, Finding], ...]:
    """Each validation with a TOK002 finding at its place, made while the file's lines are here."""
    if consistency.RULE.id not in settings.enabled or not validations:
        return ()
    detections = [consistency.RULE.detect(v.location) for v in validations]
    made = findings.assemble(relpath, source.lines, detections, settings, source.kind, secrets)
    at = {d.location: f for d, f in made}
    return tuple((v, at[v.location]) for v in validations if v.location in at)


def _reuse_ignores(
    relpath: str,
    lines: Sequence[str],
    made: Sequence[Finding],
    settings: Settings,
    secrets: Sequence[str],
) -> tuple[tuple[str, int, Suppression], ...]:
    rule_id = reuse.RULE.id
    if rule_id not in settings.enabled or not settings.inline_ignores:
        return ()
    name = settings.names.get(rule_id, "")
    return tuple(
        (relpath, line, found)
        for line, found in findings.ignores_on_secret_lines(lines, made, rule_id, secrets, name)
    )


def _detect(
    source: Source,
    data: bytes,
    context: Context,
    settings: Settings,
    notes: list[Notification],
    masking: bool = False,
) -> tuple[list[Detection], list[KeyUse], list[TokenValidation], list[Vouch]]:
    """Every analyzer for the file's kind and the context's rules; failures become notes.

    Analyzers contain failures per family, value or step and report them as
    notes; one that escapes still costs only that analyzer's remaining work.
    """
    detections: list[Detection] = []
    uses: list[KeyUse] = []
    validations: list[TokenValidation] = []
    vouches: list[Vouch] = []
    # One finding per rule and place: a gateway document's JWKS URL is also a config value
    # named like one, and the analyzer that reads the document as a gateway says more of it.
    earlier: set[tuple[str, int, int]] = set()
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
        mine: list[Detection] = []
        try:
            for reported in analyzer.analyze(source, context):
                if isinstance(reported, KeyUse):
                    uses.append(reported)
                elif isinstance(reported, TokenValidation):
                    validations.append(reported)
                elif isinstance(reported, Vouch):
                    vouches.append(reported)
                elif isinstance(reported, Notification):
                    notes.append(reported)
                elif (reported.rule_id, *_place(reported)) not in earlier:
                    mine.append(reported)
        except Unparsable as exc:
            note = Notification(source.relpath, NotificationKind.PARSE_ERROR, exc.what, exc.line)
            if note not in notes:  # two analyzers that parse one file alike report it once
                notes.append(note)
        except Exception as exc:
            if settings.reraise:
                raise
            notes.append(
                Notification(source.relpath, NotificationKind.ANALYZER_ERROR, type(exc).__name__)
            )
        detections.extend(mine)
        earlier.update((d.rule_id, *_place(d)) for d in mine)
    return _without_yielded(detections), uses, validations, vouches


def _without_yielded(detections: list[Detection]) -> list[Detection]:
    """Detections but those of a secret another rule marks too, when the rule yields to it.

    A detection that stands only if code signs with the value (`if_signing_key`)
    claims nothing yet: linking decides it after the scan.
    """
    marked: dict[str, set[Location]] = {}
    for detection in detections:
        if not detection.if_signing_key:
            marked.setdefault(detection.rule_id, set()).update(detection.secret_spans)
    return [
        d
        for d in detections
        if not any(
            marked.get(rule, set()).intersection(d.secret_spans)
            for rule in registry.entry(d.rule_id).yields_to
        )
    ]


def _place(detection: Detection) -> tuple[int, int]:
    return detection.location.line, detection.location.column


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
