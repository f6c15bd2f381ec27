"""Python source: one libcst parse per file, every family over the same facts."""

from __future__ import annotations

import re
from collections.abc import Iterator

from scanner.analyzers.base import Context, Source, Unparsable
from scanner.analyzers.python import decode_calls, minting, signing_keys
from scanner.model import Detection, FileKind

_FAMILIES = (decode_calls, minting, signing_keys)
_PREFILTER = re.compile(rb"jwt|hmac|jose")


class PythonAnalyzer:
    name = "python"
    kinds = frozenset({FileKind.PYTHON})
    rules = frozenset().union(*(family.RULES for family in _FAMILIES))

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
        for family in _FAMILIES:
            if context.wants(*family.RULES):
                yield from family.detect(facts)
