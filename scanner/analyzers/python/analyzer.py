"""Python source: one libcst parse per file, every family over the same facts."""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from types import MappingProxyType

from ahocorasick_rs import BytesAhoCorasick

from scanner.analyzers.base import Context, Reported, Source, Unparsable, contained
from scanner.analyzers.lines import split_lines
from scanner.model import FileKind


@dataclass(frozen=True, slots=True)
class Family:
    """A module of detectors, the rules it reports, and the words a file needs for it to run.

    `words` and `also` are lowercase literals: the file (lowercased once) must
    hold one of `words` and, when given, one of `also`; `confirm` is a regex
    tried last, on the few files that pass. Literal `in` tests run at memory
    speed where a regex alternation would try every word at every byte.
    Families are imported on first use, so a run that parses no Python (a
    pre-commit hook on YAML files) never loads libcst.
    """

    module: str
    rules: frozenset[str]
    words: tuple[str, ...]
    also: tuple[str, ...] = ()
    confirm: str = ""

    def applies(self, lowered: bytes, data: bytes) -> bool:
        words, also = _AUTOMATA[self.module]
        if not words.find_matches_as_indexes(lowered):
            return False
        if also is not None and not also.find_matches_as_indexes(lowered):
            return False
        return not self.confirm or re.search(self.confirm.encode(), data) is not None


_JWT_LIBRARIES = ("jwt", "jose", "jwcrypto", "itsdangerous", "authlib")
_SECRET_WORDS = (
    "token",
    "passw",
    "secret",
    "api_key",
    "apikey",
    "authorization",
    "private_key",
    "privkey",
    "signing_key",
    "passphrase",
    "auth_header",
    "jwt",
    "hmac",
)

FAMILIES = (
    Family(
        "decode_calls",
        frozenset({"JWT001", "JWT002", "JWT003", "JWT004", "JWT005", "JWT006", "JWT008"}),
        _JWT_LIBRARIES,
    ),
    Family(
        "minting",
        frozenset({"JWT002", "JWT006", "JWT007", "JWT011"}),
        ("jwt", "jose", "authlib", "flask_jwt_extended"),
    ),
    Family("signing_keys", frozenset({"HMAC001", "HMAC002"}), (*_JWT_LIBRARIES, "hmac")),
    Family(
        "framework_settings",
        frozenset({"HMAC001", "HMAC002", "JWT003", "JWT004", "JWT005", "JWT007", "JWT008"}),
        (
            "secret_key",
            "jwt_secret",
            "signing_",
            "hmac_key",
            "webhook_secret",
            "token_expire",
            "token_lifetime",
            "token_ttl",
            "jwt_",
            "simple_jwt",
            "leeway",
        ),
    ),
    Family("mac_compare", frozenset({"HMAC003"}), ("hmac",)),
    Family("digests", frozenset({"HMAC004"}), ("hmac", "itsdangerous")),
    Family("headers", frozenset({"JWT009"}), ("get_unverified_header",)),
    Family(
        "endpoints",
        frozenset({"JWT010"}),
        ("http://",),
        also=(
            "jwk",
            "openid",
            "oidc",
            "well-known",
            "token_ur",
            "tokenur",
            "token_endpoint",
            "issuer_ur",
            "issuerur",
            "server_metadata",
            "introspection",
            "revocation",
            "fetch_token",
            "oauth",
        ),
    ),
    Family(
        "logging_calls",
        frozenset({"SEC004"}),
        ("log", "print", "warn"),
        also=_SECRET_WORDS,
        # A log or print call with a secret word within the next 200 characters, a
        # module that mints JWTs or HMACs (logged under a neutral name), or an alias of
        # `logging` (whose calls the first pattern cannot see).
        confirm=r"jwt|hmac|create_access_token|logging as "
        r"|(?:\b_?(?:log(?:ger|ging)?|LOG(?:GER)?)\.\w+|\bprint|\bwarn)\([\s\S]{0,200}?"
        r"(?:token|Token|TOKEN|passw|Passw|PASSW|secret|Secret|SECRET|api_?key|API_?KEY"
        r"|apikey|ApiKey|apiKey|uthorization|UTHORIZATION|private_?key|PRIVATE_?KEY|privkey"
        r"|signing_key|SIGNING_KEY|passphrase|auth_header|AUTH_HEADER|Jwt|JWT)",
    ),
)


def _automaton(words: tuple[str, ...]) -> BytesAhoCorasick:
    return BytesAhoCorasick([word.encode() for word in words])


# Multi-word search in one pass (the Aho-Corasick engine ripgrep uses): a Python
# regex alternation tries every word at every byte and was 10-20x slower here.
_AUTOMATA = MappingProxyType(
    {f.module: (_automaton(f.words), _automaton(f.also) if f.also else None) for f in FAMILIES}
)
# Words that alone make a file worth parsing: those of families with no `also`.
_TRIGGERS = _automaton(tuple(sorted({w for f in FAMILIES if not f.also for w in f.words})))


class PythonAnalyzer:
    name = "python"
    kinds = frozenset({FileKind.PYTHON})
    rules = frozenset().union(*(f.rules for f in FAMILIES))

    def might_report(self, data: bytes, kind: FileKind) -> bool:
        lowered = data.lower()
        if _TRIGGERS.find_matches_as_indexes(lowered):
            return True
        return any(family.applies(lowered, data) for family in FAMILIES if family.also)

    def analyze(self, source: Source, context: Context) -> Iterator[Reported]:
        data = source.text.encode("utf-8", "surrogateescape")
        lowered = data.lower()
        families = [f for f in FAMILIES if context.wants(*f.rules) and f.applies(lowered, data)]
        if not families:
            return  # the byte prefilter is a union of every family's words: none holds here
        import libcst as cst  # imported here: a pre-commit run on YAML files never pays for it

        from scanner.analyzers.python.module import read

        refused = refuse(source.text)
        if refused is not None:
            raise refused
        try:
            module = cst.parse_module(source.text)
            facts = read(module, source.text, source.relpath, context.parameters)
        except cst.ParserSyntaxError as exc:
            raise Unparsable("Python syntax error", exc.raw_line) from None
        except RecursionError:
            raise Unparsable("Python nesting too deep") from None
        for family in families:
            detectors = importlib.import_module(f"scanner.analyzers.python.{family.module}")
            yield from contained(partial(detectors.detect, facts), source, context, family.module)


# Nesting beyond these limits makes libcst's native parser overflow the C stack
# (a segfault, not an exception: about 1,300 nested brackets, 6,500 chained `+`
# or 8,400 chained `elif` on an 8 MB stack). CPython itself refuses more than
# 200 nested brackets, and a chain of 1,000 tokens or about 500 `elif` already
# exhausts the recursion limit of the tree walk, so nothing that could be
# analysed is lost by refusing these files early.
MAX_BRACKET_DEPTH = 200
MAX_CHAIN_TOKENS = 1000
MAX_ELIF_DEPTH = 1000  # `elif` branches nested in one another, counted along nested chains
# libcst keeps about 2.7 KB per token (a 5 MB list literal took 6.8 GB); the
# largest real modules under the default 2 MB size limit hold about 150,000.
MAX_TOKENS = 250_000
_TOKEN = re.compile(
    # Strings as unrolled loops (`[^'\\]*(?:\\.[^'\\]*)*`): `(?:a|b)*` would keep one
    # backtracking frame per character, 680 MB for a 5 MB literal.
    r"""
      (?P<string>(?i:[rbuf]{0,2})
          (?:\'\'\'[^'\\]*(?:(?:\\.|'(?!''))[^'\\]*)*(?:\'\'\'|\Z)
            |\"\"\"[^"\\]*(?:(?:\\.|"(?!""))[^"\\]*)*(?:\"\"\"|\Z)
            |'[^'\\\r\n]*(?:\\.[^'\\\r\n]*)*'?
            |"[^"\\\r\n]*(?:\\.[^"\\\r\n]*)*"?))
    | (?P<skip>\#[^\r\n]*|\\\r?\n)
    | (?P<open>[(\[{])
    | (?P<close>[)\]}])
    | (?P<sep>[,;])
    | (?P<newline>\r\n|\r|\n)
    | \w+
    | \S
    """,
    re.VERBOSE | re.DOTALL,
)


def refuse(text: str) -> Unparsable | None:
    """Why libcst must not be given this source, from its tokens alone (None: it may).

    Nesting is counted along the current chain of open brackets, as the tokens
    of each bracket's current item (an item ends at `,`, `;` or, outside
    brackets, a newline): every level of a syntax tree needs one such token,
    whether it comes from a bracket, a unary operator, a binary chain or an
    attribute. An `elif` nests the rest of its chain one level deeper, so
    chains are counted by the indentation of the statements that start lines.
    """
    counts = [0]
    path = 0
    total = 0
    elifs = _ElifDepth()
    line_start = 0  # offset where the current logical line starts, or -1 once it has a token
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind == "skip" or (kind == "newline" and len(counts) > 1):
            continue
        total += 1
        if total > MAX_TOKENS:
            return Unparsable("Python file too large to parse", _line(text, match.start()))
        if kind == "newline":
            line_start = match.end()
        elif line_start >= 0:
            if elifs.statement(match.start() - line_start, match.group(0)) > MAX_ELIF_DEPTH:
                return Unparsable("Python nesting too deep", _line(text, match.start()))
            line_start = -1
        if kind == "close":
            if len(counts) > 1:
                path -= counts.pop()
        elif kind == "sep" or kind == "newline":
            path -= counts[-1]
            counts[-1] = 0
        else:
            counts[-1] += 1
            path += 1
            if path > MAX_CHAIN_TOKENS or (kind == "open" and len(counts) > MAX_BRACKET_DEPTH):
                return Unparsable("Python nesting too deep", _line(text, match.start()))
            if kind == "open":
                counts.append(0)
    return None


class _ElifDepth:
    """How deep `elif` chains nest: per open indentation, the length of its current chain."""

    def __init__(self) -> None:
        self.columns: list[int] = []
        self.chains: list[int] = []
        self.depth = 0

    def statement(self, column: int, word: str) -> int:
        """Take a statement starting at `column` with `word`; the depth it reaches."""
        while self.columns and self.columns[-1] > column:
            self.columns.pop()
            self.depth -= self.chains.pop()
        if not self.columns or self.columns[-1] < column:
            self.columns.append(column)
            self.chains.append(0)
        if word == "elif":
            self.chains[-1] += 1
            self.depth += 1
        elif word != "else":
            self.depth -= self.chains[-1]
            self.chains[-1] = 0
        return self.depth


def _line(text: str, offset: int) -> int:
    return len(split_lines(text[:offset]))
