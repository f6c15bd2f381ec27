"""Python source: one libcst parse per file, every family over the same facts."""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterator, Mapping

from scanner.analyzers.base import Context, Source, Unparsable
from scanner.model import Detection, FileKind

# Family module -> the rules it reports. Families are imported on first use so
# that a run which parses no Python (a pre-commit hook on YAML) never loads libcst.
FAMILIES: Mapping[str, frozenset[str]] = {
    "decode_calls": frozenset({"JWT001", "JWT002"}),
    "minting": frozenset({"JWT002"}),
    "signing_keys": frozenset({"HMAC001"}),
}
_PREFILTER = re.compile(rb"jwt|hmac|jose")


class PythonAnalyzer:
    name = "python"
    kinds = frozenset({FileKind.PYTHON})
    rules = frozenset().union(*FAMILIES.values())

    def might_report(self, data: bytes) -> bool:
        return _PREFILTER.search(data) is not None

    def analyze(self, source: Source, context: Context) -> Iterator[Detection]:
        import libcst as cst  # imported here: a pre-commit run on YAML files never pays for it

        from scanner.analyzers.python.module import read

        try:
            module = cst.parse_module(source.text)
        except cst.ParserSyntaxError as exc:
            raise Unparsable("Python syntax error", exc.raw_line) from None
        except RecursionError:
            raise Unparsable("Python nesting too deep") from None
        facts = read(module, source.relpath)
        if not facts.calls:
            return
        for family, rule_ids in FAMILIES.items():
            if context.wants(*rule_ids):
                module_ = importlib.import_module(f"scanner.analyzers.python.{family}")
                yield from module_.detect(facts)
