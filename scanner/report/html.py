"""A standalone HTML audit report: one file, no network, safe to open from anywhere.

The page is rendered by jinja2 from `scanner.templates` with autoescape on for
every template, so nothing a scanned repository controls (paths, snippets,
messages) can become markup, and every string it prints has its control and
bidi characters shown as escapes (`escape.visible`). Styles and script are inlined and pinned by
their SHA-256 in the page's Content-Security-Policy, which also forbids every
network load: a script or handler that escaped into the page would not run.

Like every reporter it is pure: `ScanResult` in, text out. It shows only
`Finding` fields (snippets and evidence are masked at detection) and the rule
catalog; it never reads a scanned file.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePath
from typing import Any

import jinja2
from markupsafe import Markup, escape

from scanner import coverage, frameworks
from scanner.escape import visible
from scanner.frameworks import Control, Framework
from scanner.model import Finding, Level, NotificationKind, Rule, ScanResult
from scanner.ruledoc import help_uri

TEMPLATE = "report.html.j2"
_INLINE_CODE = re.compile(r"`([^`\n]+)`")
NOTIFICATION_TEXT = {
    NotificationKind.TOO_LARGE: "Skipped: larger than the file size limit",
    NotificationKind.BINARY: "Skipped: binary content",
    NotificationKind.UNREADABLE: "Skipped: the file could not be read",
    NotificationKind.SYMLINK_OUTSIDE_ROOT: "Skipped: symbolic link leading outside the scan root",
    NotificationKind.NOT_UTF8: "Partly analysed: not valid UTF-8",
    NotificationKind.PARSE_ERROR: "Partly analysed: the file could not be parsed",
    NotificationKind.ANALYZER_ERROR: "Partly analysed: an analyzer stopped on this file",
    NotificationKind.GIT_REFUSED: "Walked without git: another user owns the repository",
    NotificationKind.ANALYZER_CRASH: "Not analysed: the process analysing it crashed",
    NotificationKind.UNKNOWN_IGNORE: "Ignore comment naming no rule: it accepts nothing",
    NotificationKind.UNUSED_IGNORE: "Ignore comment suppressing nothing: stale or misplaced",
    NotificationKind.STALE_BASELINE: "Baseline entry no longer found: drop it with nhiguard baseline",
}


@dataclass(frozen=True, slots=True)
class FindingView:
    """One finding with what the page shows beside it, joined from the catalog."""

    anchor: str
    finding: Finding
    rule: Rule
    level: Level
    score: float
    controls: tuple[Control, ...]
    search: str

    @property
    def control_ids(self) -> str:
        return " ".join(c.id for c in self.controls)

    @property
    def folder(self) -> str:
        folder, slash, _ = self.finding.path.rpartition("/")
        return folder + slash

    @property
    def filename(self) -> str:
        return self.finding.path.rpartition("/")[2]


@dataclass(frozen=True, slots=True)
class LevelCount:
    """One bar of the severity chart: `share` is its length in percent of the longest."""

    level: Level
    count: int
    share: float


@dataclass(frozen=True, slots=True)
class Group:
    """One row of the by-rule or by-file view: what the findings have in common, and counts."""

    key: str
    label: str
    count: int
    level: Level  # the most severe of its findings
    spread: int  # files of a rule, rules of a file
    rule: Rule | None = None


@dataclass(frozen=True, slots=True)
class Option:
    value: str
    label: str
    count: int


def render_html(result: ScanResult) -> str:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("scanner.templates", "."),
        autoescape=jinja2.select_autoescape(default=True, default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_visible,
    )
    env.filters["prose"] = prose
    css = _static(env, "report.css")
    script = _static(env, "report.js")
    return env.get_template(TEMPLATE).render(**_context(result, css, script))


def _visible(value: Any) -> Any:
    """Every plain string a template prints, control and bidi characters made visible.

    Autoescape keeps markup inert, but a U+202E in a path would still reorder
    what the reader sees. Markup (the inlined CSS and script, catalog prose)
    is ours and passes as it is.
    """
    if isinstance(value, str) and not isinstance(value, Markup):
        return visible(value)
    return value


def prose(text: str) -> Markup:
    """Catalog prose as HTML: escaped, with `backticks` shown as code."""
    escaped = str(escape(text))
    return Markup(_INLINE_CODE.sub(r"<code>\1</code>", escaped))


def _static(env: jinja2.Environment, name: str) -> str:
    assert env.loader is not None
    source, _, _ = env.loader.get_source(env, name)
    if "</" in source:  # would close the <style> or <script> element it is inlined into
        raise ValueError(f"{name} must not contain '</'")
    return source.strip() + "\n"


def _csp_hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def _context(result: ScanResult, css: str, script: str) -> dict[str, Any]:
    catalogs = {c.framework: c for c in frameworks.CATALOGS}
    active = [
        _view(result, f, f"f{i + 1}", catalogs)
        for i, f in enumerate(_by_severity(result, result.active))
    ]
    accepted = [_view(result, f, f"s{i + 1}", catalogs) for i, f in enumerate(result.suppressed)]
    levels = Counter(v.level for v in active)
    most = max(levels.values(), default=0)
    matrices = {m.catalog.framework.value: m for m in coverage.matrices(result)}
    return {
        "result": result,
        "root_name": title(result),
        "audit": result.audit,
        "unreadable": sum(1 for n in result.notifications if n.kind is NotificationKind.UNREADABLE),
        "started": _when(result.started_at),
        "findings": active,
        "suppressed": accepted,
        # Binaries hold no text any rule reads: counted, not listed as files the scan failed on.
        "notifications": [
            n
            for n in result.notifications
            if n.kind is not NotificationKind.BINARY and not n.about_acceptance
        ],
        # Ignores and baseline entries that accept nothing: the files were analysed in full.
        "unheeded": [n for n in result.notifications if n.about_acceptance],
        "binary": sum(1 for n in result.notifications if n.kind is NotificationKind.BINARY),
        "notification_text": NOTIFICATION_TEXT,
        "skipped": sum(1 for n in result.notifications if n.skipped),
        "levels": [
            LevelCount(level, levels[level], round(100 * levels[level] / most, 1) if most else 0.0)
            for level in Level
        ],
        "matrices": matrices,
        "by_rule": _groups(active, by_rule=True),
        "by_file": _groups(active, by_rule=False),
        "documented": _documented(result),
        "comparison": result.comparison,
        "changes": Counter(result.change(f) for f in result.active),
        "change_of": result.change,
        "status": coverage.Status,
        "rule_options": _options((v.rule.id, f"{v.rule.id} {v.rule.name}") for v in active),
        "path_options": _options((v.finding.path, v.finding.path) for v in active),
        "control_options": [
            (
                catalogs[framework].name,
                _options(
                    (
                        (c.id, _control_label(c))
                        for v in active
                        for c in v.controls
                        if c.framework is framework
                    ),
                    order=[c.id for c in catalogs[framework].controls],
                ),
            )
            for framework in Framework
        ],
        "help_uri": help_uri,
        "css": Markup(css),
        "script": Markup(script),
        "csp": (
            "default-src 'none'; "
            f"style-src {_csp_hash(css)}; "
            f"script-src {_csp_hash(script)}; "
            "img-src data:; base-uri 'none'; form-action 'none'"
        ),
    }


def title(result: ScanResult) -> str:
    """The folder the scan was asked for: a subfolder of a repository names the report."""
    requested = result.audit.requested if result.audit is not None else ()
    if len(requested) == 1 and requested[0] != ".":
        return PurePath(requested[0]).name
    return PurePath(result.root).name or result.root


def _groups(views: list[FindingView], by_rule: bool) -> list[Group]:
    """Findings counted per rule or per file, the most findings first."""
    members: dict[str, list[FindingView]] = {}
    for view in views:
        members.setdefault(view.rule.id if by_rule else view.finding.path, []).append(view)
    groups = [
        Group(
            key=key,
            label=f"{group[0].rule.id} {group[0].rule.name}" if by_rule else key,
            count=len(group),
            level=max((v.level for v in group), key=lambda level: level.rank),
            spread=len({v.finding.path if by_rule else v.rule.id for v in group}),
            rule=group[0].rule if by_rule else None,
        )
        for key, group in members.items()
    ]
    return sorted(groups, key=lambda g: (-g.count, -g.level.rank, g.key))


def _documented(result: ScanResult) -> list[tuple[Rule, int]]:
    """Each rule with a finding, open or accepted, and its open count: the rules appendix."""
    open_counts = Counter(f.rule_id for f in result.active)
    found = {f.rule_id for f in result.findings}
    return [(rule, open_counts[rule.id]) for rule in result.rules if rule.id in found]


def _by_severity(result: ScanResult, findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (-result.score(f), *f.sort_key()))


def _view(
    result: ScanResult, finding: Finding, anchor: str, catalogs: dict[Framework, frameworks.Catalog]
) -> FindingView:
    rule = result.rule(finding.rule_id)
    controls = tuple(
        catalogs[framework].find(control_id) or Control(framework, control_id, "")
        for framework in Framework
        for control_id in frameworks.mapped_ids(rule.frameworks, framework)
    )
    search = " ".join(
        (rule.id, rule.name, rule.title, finding.path, finding.message, finding.snippet)
    ).lower()
    return FindingView(
        anchor=anchor,
        finding=finding,
        rule=rule,
        level=result.level(finding),
        score=result.score(finding),
        controls=controls,
        search=search,
    )


def _options(pairs: Iterable[tuple[str, str]], order: list[str] | None = None) -> list[Option]:
    counts: Counter[str] = Counter()
    labels: dict[str, str] = {}
    for value, label in pairs:
        counts[value] += 1
        labels[value] = label
    rank = {value: i for i, value in enumerate(order or ())}
    values = sorted(counts, key=lambda v: (rank.get(v, len(rank)), v))
    return [Option(v, labels[v], counts[v]) for v in values]


def _control_label(control: Control, width: int = 64) -> str:
    label = f"{control.id} {control.title}" if control.title else control.id
    return label if len(label) <= width else label[: width - 1].rstrip() + "\u2026"


def _when(started_at: str) -> str:
    try:
        moment = datetime.fromisoformat(started_at)
    except ValueError:
        return started_at
    offset = moment.utcoffset()
    zone = "UTC" if offset is not None and not offset else moment.strftime("%z")
    return f"{moment:%Y-%m-%d %H:%M:%S} {zone}".rstrip()
