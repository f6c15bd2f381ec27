"""Pipeline definitions (CI001-CI006): GitHub Actions, GitLab CI and the other CIs.

One analyzer for the three pipeline kinds; each format has its own module
(`ci_github`, `ci_gitlab`, `ci_pipelines` with `ci_jenkins`), and the shared
judgement of values and scripts lives in `ci_checks` and `ci_shell`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from scanner.analyzers import ci_github, ci_gitlab, ci_pipelines
from scanner.analyzers.base import Context, Source, Unparsable
from scanner.analyzers.ci_values import Thresholds, entry_credential
from scanner.analyzers.yamldoc import line_entries
from scanner.model import Detection, FileKind, Notification

# Any pipeline worth reading names a job, a step or a script.
_PREFILTER = re.compile(
    rb"jobs|steps|script|runs|pipeline|stages|commands|environment|variables|env\b|stage\b"
    rb"|withCredentials|node\s*[({]"
)


class PipelineAnalyzer:
    name = "ci"
    kinds = frozenset({FileKind.GITHUB_ACTIONS, FileKind.GITLAB_CI, FileKind.CI})
    rules = frozenset({"CI001", "CI002", "CI003", "CI004", "CI005", "CI006"})

    def might_report(self, data: bytes, kind: FileKind) -> bool:
        return _PREFILTER.search(data) is not None

    def analyze(self, source: Source, context: Context) -> Iterator[Detection | Notification]:
        try:
            if source.kind is FileKind.GITHUB_ACTIONS:
                yield from _distinct(ci_github.audit(source, context))
            elif source.kind is FileKind.GITLAB_CI:
                yield from _distinct(ci_gitlab.audit(source, context))
            else:
                yield from _distinct(ci_pipelines.audit(source, context))
        except Unparsable:
            # The file is reported unparsable, and its `KEY: literal` lines still judged.
            yield from _distinct(_line_credentials(source, context))
            raise


def _line_credentials(source: Source, context: Context) -> Iterator[Detection]:
    """CI001 for each credential written `KEY: literal` on a line of a file YAML refused."""
    thresholds = Thresholds.of(context)
    for key, value in line_entries(source.lines, source.index):
        found = entry_credential(str(key.value), value, thresholds, source.lines)
        if found:
            yield found


def _distinct(
    detections: Iterator[Detection | Notification],
) -> Iterator[Detection | Notification]:
    """One finding per rule and place: a value seen through two paths is reported once."""
    seen: set[tuple[str, int, int]] = set()
    for detection in detections:
        if isinstance(detection, Notification):
            yield detection
            continue
        key = (detection.rule_id, detection.location.line, detection.location.column)
        if key not in seen:
            seen.add(key)
            yield detection
