"""Python source: one libcst parse per file, every family over the same facts."""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterator
from dataclasses import dataclass

from scanner.analyzers.base import Context, Source, Unparsable
from scanner.model import Detection, FileKind


@dataclass(frozen=True, slots=True)
class Family:
    """A module of detectors, the rules it reports, and the words a file needs for it to run.

    Families are imported on first use, so a run that parses no Python (a
    pre-commit hook on YAML files) never loads libcst.
    """

    module: str
    rules: frozenset[str]
    words: str

    def applies(self, text: str) -> bool:
        return re.search(self.words, text) is not None


FAMILIES = (
    Family(
        "decode_calls",
        frozenset({"JWT001", "JWT002", "JWT003", "JWT004", "JWT005", "JWT006", "JWT008"}),
        r"jwt|jose|jwcrypto|itsdangerous|authlib",
    ),
    Family(
        "minting",
        frozenset({"JWT002", "JWT006", "JWT007", "JWT011"}),
        r"jwt|jose|authlib|flask_jwt_extended",
    ),
    Family(
        "signing_keys",
        frozenset({"HMAC001", "HMAC002"}),
        r"jwt|jose|hmac|itsdangerous|authlib",
    ),
    Family(
        "framework_settings",
        frozenset({"HMAC001", "HMAC002", "JWT003", "JWT004", "JWT005", "JWT007", "JWT008"}),
        r"(?i:secret_key|jwt_secret|signing_|hmac_key|webhook_secret|token_expire|token_lifetime)"
        r"|JWT_|SIMPLE_JWT|LEEWAY|_TOKEN_EXPIRE|TOKEN_TTL",
    ),
)
_PREFILTER = re.compile("|".join(f"(?:{f.words})" for f in FAMILIES).encode())


class PythonAnalyzer:
    name = "python"
    kinds = frozenset({FileKind.PYTHON})
    rules = frozenset().union(*(f.rules for f in FAMILIES))

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
        facts = read(module, source.relpath, context.parameters)
        for family in FAMILIES:
            if context.wants(*family.rules) and family.applies(source.text):
                detectors = importlib.import_module(f"scanner.analyzers.python.{family.module}")
                yield from detectors.detect(facts)
