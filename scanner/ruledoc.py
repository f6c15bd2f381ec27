"""A rule's documentation, rendered from its YAML alone.

One renderer feeds `nhiguard explain`, SARIF `help.markdown` and the rule
pages, so the three never disagree. Sections follow ruff's rule pages.
"""

from __future__ import annotations

import re

from scanner.frameworks import OWASP_NHI, cwe_uri
from scanner.model import Example, Parameter, Rule

_ANNOTATION = re.compile(r"^\s*(#|//)\s*(expect|ok):.*$")
HELP_BASE = "https://github.com/nhiguard/nhiguard/blob/main/docs/rules"


def help_uri(rule: Rule) -> str:
    return f"{HELP_BASE}/{rule.id}.md"


def nhi_uri(item: str) -> str:
    control = OWASP_NHI.find(item)
    return control.uri if control is not None else OWASP_NHI.uri


def example_code(example: Example) -> str:
    """The example as a reader should see it: without the test annotations."""
    lines = [line for line in example.code.splitlines() if not _ANNOTATION.match(line)]
    return "\n".join(lines).rstrip() + "\n"


def _fence(example: Example) -> str:
    language = "python" if example.path.endswith(".py") else ""
    return f"```{language}\n# {example.path}\n{example_code(example)}```"


def render_markdown(rule: Rule) -> str:
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
    parts.append(f"## Known limitations\n{rule.limitations}")
    controls = [f"- OWASP NHI: [{i}]({nhi_uri(i)})" for i in rule.frameworks.owasp_nhi]
    controls += [f"- NIST CSF 2.0: {i}" for i in rule.frameworks.nist_csf]
    controls += [f"- [CWE-{c}]({cwe_uri(c)})" for c in rule.frameworks.cwe]
    parts.append("## Mapped controls\n" + "\n".join(controls))
    parts.append("## References\n" + "\n".join(f"- <{r}>" for r in rule.references))
    return "\n\n".join(parts) + "\n"


def render_text(rule: Rule) -> str:
    """Plain text for SARIF `help.text`: what, why, how to fix."""
    return f"{rule.description}\n\n{rule.rationale}\n\nFix: {rule.remediation}"


def _range(parameter: Parameter) -> str:
    if parameter.minimum is None or parameter.maximum is None:
        return ""
    return f"{_show(parameter.minimum)} to {_show(parameter.maximum)}"


def _show(value: object) -> str:
    if isinstance(value, tuple):
        return "[" + ", ".join(str(v) for v in value) + "]"
    return str(value)
