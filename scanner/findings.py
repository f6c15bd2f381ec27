"""Detections to findings: masked snippets, messages, fingerprints and suppressions.

An analyzer says which rule fired where and which spans hold secrets; this
module turns that into what a report may show. Every snippet is masked with
the spans of every detection of the file, whichever rule made it, so one
rule's finding never shows the secret another one found.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from scanner import masking, snippets, suppressions
from scanner.model import Detection, FileKind, Finding, Location, Suppression
from scanner.scan_settings import Settings

_FIELD = re.compile(r"\{(\w+)\}")  # `{key}` in a rule's message


def assemble(
    relpath: str,
    lines: Sequence[str],
    detections: list[Detection],
    settings: Settings,
    kind: FileKind | None = None,
    secrets: Sequence[str] = (),
    also: frozenset[str] = frozenset(),
) -> list[tuple[Detection, Finding]]:
    """One finding per enabled detection (or of a rule in `also`), paired with it.

    Linking needs the setting a detection names; `also` names disabled rules
    whose findings a cross-file pass reads but no report shows.

    Conditional detections are numbered apart from the rest, so no finding's
    fingerprint moves when a variable is added, or when code elsewhere reads it.
    A conditional value is masked in every snippet of its line but those of
    findings about that very value (an http URL, a lifetime): there it is no
    secret unless code signs with it, and then the linked finding masks it.
    """
    spans = _spans((d for d in detections if not d.if_signing_key), lines)
    maybe = _spans((d for d in detections if d.if_signing_key), lines)
    short = _spans((d for d in detections if _is_short(d)), lines)
    around = masking.neighbours(
        lines,
        [d.location.line for d in detections],
        _joined(spans, maybe),
        kind,
        secrets,
        whole=short,
    )
    occurrences: Counter[tuple[str, str]] = Counter()
    # A minified file holds thousands of findings on one long line: what depends on the line
    # alone (its masking, identity, context, inline ignore, hash prefix) is computed once.
    policy: dict[int, list[tuple[int, int]]] = {}
    plain: dict[int, tuple[str, str]] = {}
    shown: dict[tuple[int, str], tuple[tuple[int, str], ...]] = {}
    accepted: dict[tuple[int, str], Suppression | None] = {}
    prefixes: dict[tuple[str, int], Any] = {}
    findings = []
    seen: set[tuple[str, Location, str, str, int]] = set()
    for detection in sorted(detections, key=lambda d: (d.location, d.rule_id)):
        if detection.rule_id not in settings.enabled and detection.rule_id not in also:
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
        if line not in policy:
            policy[line] = snippets.hidden(raw_line, kind)
        itself = _spans_of_location(detection, lines)
        conditional = maybe.get(line, [])
        if detection.if_signing_key or any(span in conditional for span in itself):
            own = _spans([detection], lines).get(line, []) if detection.if_signing_key else []
            others = [span for span in conditional if span not in itself]
            known = [*spans.get(line, []), *own, *others]
            snippet = masking.mask_line(
                raw_line, known, kind, short.get(line, []), policy[line]
            ).strip()
            identity = _normalise(snippet)
            prefix = None
        else:
            if line not in plain:
                known = [*spans.get(line, []), *conditional]
                text = masking.mask_line(
                    raw_line, known, kind, short.get(line, []), policy[line]
                ).strip()
                plain[line] = (text, _normalise(text))
            snippet, identity = plain[line]
            prefix = (detection.rule_id, line)
        if detection.if_signing_key:
            identity = f"if-signing-key\0{identity}"
        occurrences[(detection.rule_id, identity)] += 1
        if (line, snippet[:300]) not in shown:
            shown[line, snippet[:300]] = masking.context(lines, line, snippet[:300], around)
        if (line, detection.rule_id) not in accepted:
            accepted[line, detection.rule_id] = _suppression(
                relpath, lines, detection, settings, secrets
            )
        count = occurrences[(detection.rule_id, identity)]
        if prefix is None:
            fingerprint = _fingerprint(detection.rule_id, relpath, identity, count)
        else:
            if prefix not in prefixes:
                prefixes[prefix] = _fingerprint_prefix(detection.rule_id, relpath, identity)
            fingerprint = _fingerprint_from(prefixes[prefix], count)
        findings.append(
            (
                detection,
                Finding(
                    rule_id=detection.rule_id,
                    path=relpath,
                    location=detection.location,
                    message=_message(settings.messages[detection.rule_id], detection.fields),
                    snippet=snippet[:300],
                    fingerprint=fingerprint,
                    evidence=detection.evidence,
                    related=detection.related,
                    adjustment=detection.adjustment,
                    suppression=accepted[line, detection.rule_id],
                    context=shown[line, snippet[:300]],
                ),
            )
        )
    return findings


def secret_texts(detections: Iterable[Detection], lines: Sequence[str]) -> tuple[str, ...]:
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


def ignores_on_secret_lines(
    lines: Sequence[str],
    findings: Sequence[Finding],
    rule_id: str,
    secrets: Sequence[str] = (),
    name: str = "",
) -> tuple[tuple[int, Suppression], ...]:
    """Inline ignores of `rule_id` on the lines of this file's secrets, by line.

    For a cross-file rule (reuse), found after every file is analysed, when
    the file's lines are gone.
    """
    accepted = []
    for line in sorted({f.location.line for f in findings if f.evidence is not None}):
        found = suppressions.inline(lines, line, rule_id, secrets, name)
        if found is not None:
            accepted.append((line, found))
    return tuple(accepted)


def published(findings: Iterable[Finding]) -> tuple[Finding, ...]:
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


def _is_short(detection: Detection) -> bool:
    """A secret too short to show any character of, whatever the length of the text that holds it.

    npm's `_password` holds a password in base64, Yarn's `npmAuthIdent` a
    `user:password` pair: the span is the container, the secret is shorter.
    """
    return detection.evidence is not None and not masking.shows_ends(detection.evidence.length)


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
    """The rule's message with its fields; a field naming a URL (a key) loses its password."""
    return _FIELD.sub(
        lambda m: masking.without_url_passwords(fields.get(m.group(1), m.group(0))), template
    )


def _normalise(snippet: str) -> str:
    return " ".join(snippet.split())


def _fingerprint(rule_id: str, relpath: str, identity: str, occurrence: int) -> str:
    return _fingerprint_from(_fingerprint_prefix(rule_id, relpath, identity), occurrence)


def _fingerprint_prefix(rule_id: str, relpath: str, identity: str) -> Any:
    """The hash of everything but the occurrence: shared by every finding of a rule on a line."""
    return hashlib.sha256(f"{rule_id}\0{relpath}\0{identity}\0".encode())


def _fingerprint_from(prefix: Any, occurrence: int) -> str:
    digest = prefix.copy()
    digest.update(str(occurrence).encode())
    return str(digest.hexdigest()[:32])
