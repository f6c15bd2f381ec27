"""Python source: one libcst parse per file, every family over the same facts."""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterator
from dataclasses import dataclass

from scanner.analyzers.base import Context, Source, Unparsable, split_lines
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
    also: str = ""  # a second pattern the file must hold too, checked only after `words`

    def applies(self, text: str) -> bool:
        if re.search(self.words, text) is None:
            return False
        return not self.also or re.search(self.also, text) is not None


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
    Family("mac_compare", frozenset({"HMAC003"}), r"hmac|HMAC"),
    Family("digests", frozenset({"HMAC004"}), r"hmac|HMAC|itsdangerous"),
    Family("headers", frozenset({"JWT009"}), r"get_unverified_header"),
    Family(
        "endpoints",
        frozenset({"JWT010"}),
        r"http://",
        # and a word naming a key, discovery or token endpoint (mixed case is spelled
        # out: a case-insensitive alternation is several times slower in `re`)
        r"jwk|JWK|Jwk|openid|OPENID|OpenID|oidc|OIDC|Oidc|well-known"
        r"|token_ur|TOKEN_UR|tokenUr|token_endpoint|TOKEN_ENDPOINT|issuer_ur|ISSUER_UR|issuerUr"
        r"|server_metadata|introspection|INTROSPECTION|revocation|REVOCATION|fetch_token"
        r"|oauth|OAUTH|OAuth",
    ),
    Family(
        "logging_calls",
        frozenset({"SEC004"}),
        # A log or print call with a secret word within the next 200 characters, a
        # module that mints JWTs or HMACs (logged under a neutral name), or an alias of
        # `logging` (whose calls the first pattern cannot see).
        r"jwt|hmac|create_access_token|logging as "
        r"|(?:\b_?(?:log(?:ger|ging)?|LOG(?:GER)?)\.\w+|\bprint|\bwarn)\([\s\S]{0,200}?"
        r"(?:token|Token|TOKEN|passw|Passw|PASSW|secret|Secret|SECRET|api_?key|API_?KEY"
        r"|apikey|ApiKey|apiKey|uthorization|UTHORIZATION|private_?key|PRIVATE_?KEY|privkey"
        r"|signing_key|SIGNING_KEY|passphrase|auth_header|AUTH_HEADER|Jwt|JWT)",
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
        families = [f for f in FAMILIES if context.wants(*f.rules) and f.applies(source.text)]
        if not families:
            return  # the byte prefilter is a union of every family's words: none holds here
        import libcst as cst  # imported here: a pre-commit run on YAML files never pays for it

        from scanner.analyzers.python.module import read

        deep = too_deep(source.text)
        if deep:
            raise Unparsable("Python nesting too deep", deep)
        try:
            module = cst.parse_module(source.text)
            facts = read(module, source.relpath, context.parameters)
            for family in families:
                detectors = importlib.import_module(f"scanner.analyzers.python.{family.module}")
                yield from detectors.detect(facts)
        except cst.ParserSyntaxError as exc:
            raise Unparsable("Python syntax error", exc.raw_line) from None
        except RecursionError:
            raise Unparsable("Python nesting too deep") from None


# Nesting beyond these limits makes libcst's native parser overflow the C stack
# (a segfault, not an exception: about 1,300 nested brackets or 6,500 chained
# `+` on an 8 MB stack). CPython itself refuses more than 200 nested brackets,
# and a chain of 1,000 tokens already exhausts the recursion limit of the tree
# walk, so nothing that could be analysed is lost by refusing these files early.
MAX_BRACKET_DEPTH = 200
MAX_CHAIN_TOKENS = 1000
_TOKEN = re.compile(
    r"""
      (?P<string>(?i:[rbuf]{0,2})(?:\'\'\'(?:[^'\\]|\\.|'(?!''))*(?:\'\'\'|\Z)
                 |\"\"\"(?:[^"\\]|\\.|"(?!""))*(?:\"\"\"|\Z)
                 |'(?:[^'\\\r\n]|\\.)*'?
                 |"(?:[^"\\\r\n]|\\.)*"?))
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


def too_deep(text: str) -> int:
    """The line where a parse could nest deeper than the stack allows (0: nowhere).

    Counts, along the current chain of open brackets, the tokens of each
    bracket's current item (an item ends at `,`, `;` or, outside brackets, a
    newline): every level of a syntax tree needs one such token, whether it
    comes from a bracket, a unary operator, a binary chain or an attribute.
    """
    counts = [0]
    path = 0
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind == "close":
            if len(counts) > 1:
                path -= counts.pop()
        elif kind == "sep" or (kind == "newline" and len(counts) == 1):
            path -= counts[-1]
            counts[-1] = 0
        elif kind not in ("skip", "newline"):
            counts[-1] += 1
            path += 1
            if path > MAX_CHAIN_TOKENS or (kind == "open" and len(counts) > MAX_BRACKET_DEPTH):
                return len(split_lines(text[: match.start()]))
            if kind == "open":
                counts.append(0)
    return 0
