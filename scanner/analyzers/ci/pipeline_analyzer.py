"""Pipeline definitions (CI001-CI006): the analyzer the engine runs on every CI file.

Dispatch happens once: the file's descriptor (`platforms.platform_for`, the
table discovery also reads) names the document shape, and that shape's
reader walks the file and calls the rule audits on each element.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping

from scanner.analyzers.base import Context, Source, Unparsable
from scanner.analyzers.ci.audits import ci001_literal_credentials
from scanner.analyzers.ci.platform_descriptor import Document, Platform
from scanner.analyzers.ci.platforms import PLATFORMS, platform_for
from scanner.analyzers.ci.readers import (
    github_workflows,
    gitlab_pipelines,
    jenkinsfiles,
    yaml_pipelines,
)
from scanner.analyzers.ci.secret_values import Thresholds
from scanner.model import Detection, FileKind, Notification
from scanner.registry import CI, rules_for

Reader = Callable[[Source, Context, Platform], Iterator[Detection | Notification]]
READERS: Mapping[Document, Reader] = {
    Document.WORKFLOW: github_workflows.audit,
    Document.GITLAB: gitlab_pipelines.audit,
    Document.YAML_PIPELINE: yaml_pipelines.audit,
    Document.GROOVY: jenkinsfiles.audit,
}

# Any pipeline worth reading names a job, a step or a script.
_PREFILTER = re.compile(
    rb"jobs|steps|script|runs|pipeline|stages|commands|environment|variables|env\b|stage\b"
    rb"|withCredentials|node\s*[({]"
)


class PipelineAnalyzer:
    name = "ci"
    kinds = frozenset(platform.kind for platform in PLATFORMS)
    rules = rules_for(CI)

    def might_report(self, data: bytes, kind: FileKind) -> bool:
        return _PREFILTER.search(data) is not None

    def analyze(self, source: Source, context: Context) -> Iterator[Detection | Notification]:
        platform = platform_for(source.relpath)
        if platform is None:
            return
        try:
            yield from _distinct(READERS[platform.document](source, context, platform))
        except Unparsable:
            # The file is reported unparsable, and its `KEY: literal` lines still judged.
            thresholds = Thresholds.of(context, source.kind)
            yield from _distinct(ci001_literal_credentials.in_lines(source, thresholds))
            raise


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
