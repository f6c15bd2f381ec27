"""A rule's documentation, rendered from its YAML alone.

One renderer feeds `nhiguard explain`, SARIF `help.markdown` and the rule
pages, so the three never disagree. Sections follow ruff's rule pages; every
example of the YAML is shown, grouped by the kind of file it is, because the
examples are the rule's real specification (each one is a test).
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable
from enum import Enum

from scanner.file_kinds import format_of
from scanner.frameworks import CWE, NIST_CSF, OWASP_NHI, Catalog, cwe_uri
from scanner.model import Example, FileKind, Parameter, Rule

_ANNOTATION = re.compile(r"^\s*(#|//|<!--)\s*(?P<verb>expect|ok):(?P<ids>.*?)(?:-->)?\s*$")
HELP_BASE = "https://github.com/nhiguard/nhiguard/blob/main/docs/rules"
IGNORE_REASON = "<why this finding is accepted>"
PER_FILE_IGNORES_GLOB = "tests/**"


class InputFamily(Enum):
    """The kinds of file a reader tells apart; several `FileKind`s share one."""

    PYTHON = "Python"
    CONFIG = "Config files"
    CI = "CI pipelines"
    SCRIPTS = "Shell scripts and Makefiles"
    TEXT = "Other text files"


_FAMILIES = {
    FileKind.PYTHON: InputFamily.PYTHON,
    FileKind.NOTEBOOK: InputFamily.PYTHON,
    FileKind.SHELL: InputFamily.SCRIPTS,
    FileKind.MAKEFILE: InputFamily.SCRIPTS,
    FileKind.GITHUB_ACTIONS: InputFamily.CI,
    FileKind.GITLAB_CI: InputFamily.CI,
    FileKind.CI: InputFamily.CI,
    FileKind.TEXT: InputFamily.TEXT,
}


def input_family(kind: FileKind) -> InputFamily:
    return _FAMILIES.get(kind, InputFamily.CONFIG)


def help_uri(rule: Rule) -> str:
    return f"{HELP_BASE}/{rule.id}.md"


def nhi_uri(item: str) -> str:
    return _control_uri(OWASP_NHI, item)


def example_code(example: Example) -> str:
    """The example as a reader should see it: without the test annotations."""
    lines = [line for line in example.code.splitlines() if not _ANNOTATION.match(line)]
    return "\n".join(lines).rstrip() + "\n"


def ignore_comment(rule_id: str, path: str) -> str:
    """The inline ignore for `rule_id`, written as a comment of the file at `path`."""
    language = _language(path)
    if language == "xml":
        return f"<!-- nhiguard: ignore[{rule_id}] {IGNORE_REASON} -->"
    leader = "//" if language in ("json", "groovy") else "#"
    return f"{leader} nhiguard: ignore[{rule_id}] {IGNORE_REASON}"


def suppression_snippet(rule_id: str, example: Example) -> str:
    """The first line the example reports, with the ignore comment alone above it."""
    lines = example.code.splitlines()
    marks = [i for i, line in enumerate(lines) if _expects(line, rule_id)]
    target = marks[0] + 1
    while _ANNOTATION.match(lines[target]):
        target += 1
    line = lines[target]
    indent = line[: len(line) - len(line.lstrip())]
    return textwrap.dedent(f"{indent}{ignore_comment(rule_id, example.path)}\n{line}\n")


def suppression_examples(rule: Rule) -> tuple[Example, ...]:
    """The first reported example of each input family: where the page shows an ignore."""
    firsts: dict[InputFamily, Example] = {}
    for example in rule.bad:
        firsts.setdefault(input_family(format_of(example.path).kind), example)
    return tuple(firsts[family] for family in InputFamily if family in firsts)


def render_markdown(rule: Rule, *, complete: bool = True) -> str:
    """The rule's page. SARIF help takes it without the examples gallery, known misses
    and suppression snippets (`complete=False`): every run would otherwise carry
    about 120 KB of fake credentials that other secret scanners flag in the report."""
    first_bad = (rule.bad or rule.limits)[0]
    parts = [
        f"# {rule.id} {rule.name}",
        f"**{rule.title}**",
        "| | |\n|---|---|\n"
        f"| Severity | {rule.severity} ({rule.level.value}) |\n"
        f"| Precision | {rule.precision} |\n"
        f"| Inputs | {', '.join(k.value for k in rule.inputs)} |\n"
        f"| Since | {rule.since} |",
        f"## What it does\n{rule.description}",
        f"## Why is this bad?\n{rule.rationale}",
        f"## Example\n{_fence(first_bad)}",
        f"## Use instead\n{rule.remediation}\n\n{_fence(rule.good[0])}",
    ]
    if complete:
        parts.append(
            "## Examples\nEach example is run as a test of the rule.\n\n"
            + _grouped(("Reported", rule.bad), ("Not reported", rule.good))
        )
    if rule.parameters:
        rows = "\n".join(
            f"| `{p.name}` | {p.type} | `{_show(p.default)}` | {_range(p)} | {p.doc} |"
            for p in rule.parameters
        )
        parts.append(
            "## Parameters\nSet under `[tool.nhiguard.rules."
            f"{rule.id}]`.\n\n| name | type | default | range | meaning |\n"
            f"|---|---|---|---|---|\n{rows}"
        )
    parts.append(
        "## Known limitations\n"
        f"### How it decides\n{rule.limitations.how_it_decides}\n\n"
        f"### Known false negatives / false positives\n{rule.limitations.false_results}"
    )
    if complete and rule.limits:
        parts.append(
            "## Known misses\nThe rule should report these and does not yet. Each is a "
            "test that fails once the scanner learns the case, and the example then "
            "moves to the reported ones.\n\n" + _grouped(("Missed", rule.limits))
        )
    if complete:
        parts.append(_suppressing(rule))
    parts.append("## Mapped controls\n" + "\n".join(_controls(rule)))
    parts.append("## References\n" + "\n".join(f"- <{r}>" for r in rule.references))
    return "\n\n".join(parts) + "\n"


def render_text(rule: Rule) -> str:
    """Plain text for SARIF `help.text`: what, why, how to fix."""
    return f"{rule.description}\n\n{rule.rationale}\n\nFix: {rule.remediation}"


def _expects(line: str, rule_id: str) -> bool:
    """Whether the line is an `# expect:` annotation naming the rule."""
    match = _ANNOTATION.match(line)
    if match is None or match.group("verb") != "expect":
        return False
    return rule_id in {part.strip() for part in match.group("ids").split(",")}


def _fence(example: Example) -> str:
    return f"In `{example.path}`:\n\n{_code(example)}"


def _code(example: Example) -> str:
    """The example's code in a fence that no backtick run inside it can close."""
    code = example_code(example)
    ticks = "`" * max([3, *(len(run) + 1 for run in re.findall(r"`+", code))])
    return f"{ticks}{_language(example.path)}\n{code}{ticks}"


def _language(path: str) -> str:
    if path.rsplit("/", 1)[-1].lower() == "jenkinsfile":
        return "groovy"
    return format_of(path).language


def _grouped(*labelled: tuple[str, Iterable[Example]]) -> str:
    """Examples under one heading per input family, each with its label and `why`."""
    sections = []
    for family in InputFamily:
        items = [
            f"**{label}** in `{example.path}`{': ' + example.why if example.why else ''}"
            f"\n\n{_code(example)}"
            for label, examples in labelled
            for example in examples
            if input_family(format_of(example.path).kind) is family
        ]
        if items:
            sections.append(f"### {family.value}\n\n" + "\n\n".join(items))
    return "\n\n".join(sections)


def _suppressing(rule: Rule) -> str:
    """An ignore comment on a line the rule reports, for each kind of file it reads."""
    snippets = [
        f"In `{e.path}`:\n\n```{_language(e.path)}\n{suppression_snippet(rule.id, e)}```"
        for e in suppression_examples(rule)
    ]
    return (
        "## Suppressing a finding\nAccept one finding with a comment naming the rule, "
        "on its line or alone on the line above, with a reason:\n\n"
        + "\n\n".join(snippets)
        + "\n\nAccept the rule in a whole group of files in `pyproject.toml` "
        "(or at the top level of `.nhiguard.toml`):\n\n"
        f'```toml\n[tool.nhiguard]\nper-file-ignores = {{ "{PER_FILE_IGNORES_GLOB}" = '
        f'["{rule.id}"] }}\n```'
    )


def _controls(rule: Rule) -> list[str]:
    mapped = [
        (OWASP_NHI, "OWASP NHI", rule.frameworks.owasp_nhi),
        (NIST_CSF, "NIST CSF 2.0", rule.frameworks.nist_csf),
        (CWE, "CWE", tuple(f"CWE-{c}" for c in rule.frameworks.cwe)),
    ]
    lines = []
    for catalog, name, ids in mapped:
        for item in ids:
            control = catalog.find(item)
            title = f" — {control.title}" if control is not None else ""
            lines.append(f"- {name}: [{item}]({_control_uri(catalog, item)}){title}")
    return lines


def _control_uri(catalog: Catalog, item: str) -> str:
    control = catalog.find(item)
    if control is not None and control.uri:
        return control.uri
    if catalog is CWE:
        return cwe_uri(int(item.removeprefix("CWE-")))
    return catalog.uri


def _range(parameter: Parameter) -> str:
    if parameter.minimum is None or parameter.maximum is None:
        return ""
    return f"{_show(parameter.minimum)} to {_show(parameter.maximum)}"


def _show(value: object) -> str:
    if isinstance(value, tuple):
        return "[" + ", ".join(str(v) for v in value) + "]"
    return str(value)
