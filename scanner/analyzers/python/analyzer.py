"""Python source: one libcst parse per file, every family over the same facts."""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import partial
from types import MappingProxyType
from typing import TYPE_CHECKING

from ahocorasick_rs import AhoCorasick

from scanner.analyzers.base import Context, Reported, Source, Unparsable, contained
from scanner.analyzers.lines import split_lines
from scanner.analyzers.python import credential_screen, library
from scanner.analyzers.python.library import Entry, Role
from scanner.model import Detection, FileKind
from scanner.registry import MASKING, PYTHON, rules_for

if TYPE_CHECKING:
    from scanner.analyzers.python.module import Facts


@dataclass(frozen=True, slots=True)
class Family:
    """A module of detectors, the rules it reports, and what a file must spell for it to run.

    `reads` picks the library facts (`library.LIBRARY`) the family reports on:
    a file can hold one of them only if it spells every part of its name
    (`library.terms`), so those parts are the family's prefilter, generated
    from the table and never written here. `words` are words of the family's
    own that also let it run (setting names, a URL scheme); `also` words of
    which one must be present besides; `confirm` a regex tried last, on the
    few files that pass. With `by_module`, the words of its rows' names are
    too common to search for (`get`, `post`, `headers`): a file need only
    spell one of the rows' top-level modules (`scope`). `masks` says its
    detections mark secret values: it runs even with its rules disabled, so
    that no other finding's snippet shows them. Families are imported on
    first use, so a run that parses no Python (a pre-commit hook on YAML
    files) never loads libcst. `screen` is code tried after `confirm` with
    the scan's rule parameters, for a test no regex states cheaply.
    """

    module: str
    reads: Callable[[Entry], object] | None = None
    words: tuple[str, ...] = ()
    also: tuple[str, ...] = ()
    confirm: str = ""
    by_module: bool = False
    screen: Callable[[str, Mapping[str, object]], bool] | None = None

    @property
    def rules(self) -> frozenset[str]:
        return rules_for(PYTHON + self.module)

    @property
    def masks(self) -> bool:
        return bool(self.rules & MASKING)

    @property
    def scope(self) -> frozenset[str]:
        """Words of which a file must hold one to be parsed for this family at all.

        One per row it reads: the shortest of the top-level modules of those
        rows and of the family's own words that a part of the row's name holds
        (`jwt` for `authlib.jose.jwt.decode`, `hmac` for `Crypto.Hash.HMAC.new`).
        A file in scope is parsed even when no row is spelled in full, so one
        libcst cannot read is reported as not analysed, as with any other.
        """
        rows = library.named(self.reads or _nothing)
        own = {word.lower() for word in self.words}
        roots = {name.split(".")[0].lower() for name in rows} | own
        words = set(own)
        for name in rows:
            parts = library.terms(name)
            words.add(min(sorted(r for r in roots if any(r in part for part in parts)), key=len))
        return frozenset(words)

    @property
    def needs(self) -> tuple[frozenset[str], ...]:
        """Sets of words: the family may report on a file that holds all of one set."""
        if self.by_module:
            return tuple(frozenset({word}) for word in sorted(self.scope))
        spelled = {library.terms(name) for name in library.named(self.reads or _nothing)}
        spelled |= {frozenset({word.lower()}) for word in self.words}
        return tuple(sorted((s for s in spelled if not any(o < s for o in spelled)), key=sorted))


def _nothing(entry: Entry) -> bool:
    return False


def _roles(*roles: Role) -> Callable[[Entry], bool]:
    return lambda entry: entry.api is not None and entry.api.role in roles


_REQUEST_FIELDS = ("headers", "meta", "authorization")
# FastAPI's bearer schemes, as a module that defines one for other modules spells them.
_BEARER_SCHEMES = ("passwordbearer(", "codebearer(", "httpbearer(")
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

_SETTING_WORDS = (
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
)


def _given_a_value(words: tuple[str, ...]) -> str:
    """A name holding one of `words` given a value: assigned, a keyword, a dict key, a default.

    Prose, reads (`settings.SECRET_KEY`) and comparisons name a setting without
    setting it, and a module that only names settings is never parsed for them.
    """
    names = "|".join(re.escape(word) for word in words)
    quoted = r"['\"]\]?\s*[:=,]"
    assigned = r"[^=\n<>!]{0,120}=(?!=)"  # also annotated and unpacked: `A: str = `, `A, b = `
    return rf"(?i)(?:{names})\w{{0,60}}+(?:{quoted}|{assigned})"  # bounded: linear on any line


FAMILIES = (
    Family(
        "decode_calls",
        reads=_roles(
            Role.DECODE,
            Role.JWT_OBJECT,
            Role.ALGORITHM_SET,
            Role.LOADS,
            Role.LOADS_UNSAFE,
            Role.UNVERIFIED_CLAIMS,
            Role.CLAIMS_REGISTRY,
        ),
    ),
    Family(
        "minting",
        reads=_roles(Role.ENCODE, Role.JWT_OBJECT, Role.FLASK_TOKEN),
    ),
    Family(
        "signing_keys",
        reads=lambda entry: entry.api is not None and entry.api.key is not None,
    ),
    Family(
        "framework_settings",
        # Setting names, not library calls: what a framework reads is named by the app.
        words=_SETTING_WORDS,
        confirm=_given_a_value(_SETTING_WORDS),
    ),
    Family("mac_compare", reads=lambda entry: entry.mac),
    Family("digests", reads=lambda entry: entry.hashing),
    Family("headers", reads=lambda entry: entry.unverified_header),
    Family(
        "endpoints",
        # A plain-http URL, named or fetched like an endpoint: words of URLs, not calls.
        words=("http://",),
        # In a string literal: a URL in a docstring's prose is never fetched.
        confirm=r"[\'\"]http://",
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
        "forwarded_tokens",
        reads=lambda entry: entry.headers is not None or entry.header_map or entry.auth_hook,
        by_module=True,
        # The request being handled (or a FastAPI parameter); an HTTP client imported (the
        # word alone is in prose and in `starlette.requests`); and the caller's token: an
        # Authorization header, a bearer scheme, or the request's whole header map passed on.
        # Or one side of a handoff between modules (`token_handoffs`): a module that reads
        # the request's Authorization header with no client imported (a helper returning
        # it, a handler passing it to an imported helper), a zero-argument helper's token
        # or headers sent on, a client call sending a parameter as a bearer token or as
        # the whole Authorization value, or a module defining a FastAPI bearer scheme
        # that handlers elsewhere depend on.
        words=(*(f"request.{field}" for field in _REQUEST_FIELDS), *_BEARER_SCHEMES),
        also=(
            *(f"{request}.{field}" for request in ("request", "req") for field in _REQUEST_FIELDS),
            "request as ",
            "header(",
            "depends(",
            "security(",
            "token()",
            "headers()",
            *(f"bearer {joint}" for joint in ("{", '" +', "' +", "%s")),
            *_BEARER_SCHEMES,
            'authorization": ',
            "authorization': ",
        ),
        confirm=r"(?m)\A(?:(?=[\s\S]*?^[ \t]*(?:import|from)[ \t]+(?:[\w.]+[ \t]*,[ \t]*)*"
        r"(?:requests|httpx|aiohttp|urllib(?:3|\.request|[ \t]+import[^\n]*\brequest))\b)"
        r"(?=[\s\S]*?(?:uthorization|UTHORIZATION|Bearer|req(?:uest)?\.(?:headers|META)\b(?!\s*[\[.])))"
        r"|(?=[\s\S]*?(?:uthorization|UTHORIZATION))"
        r"(?=[\s\S]*?\breq(?:uest)?\.(?:headers|META|authorization)\b))"
        r"|^\w+[ \t]*(?::[^=\n]*)?=[ \t]*(?:\w+\.)*"
        r"(?:OAuth2PasswordBearer|OAuth2AuthorizationCodeBearer|HTTPBearer)\(",
    ),
    Family(
        "logging_calls",
        reads=lambda entry: entry.logger or entry.logs,
        words=("print", "warn", *library.LOGGER_NAMES),
        also=_SECRET_WORDS,
        # A log or print call with a secret word before the `)` that ends its line, a
        # module that mints JWTs or HMACs (logged under a neutral name), or an alias of
        # `logging` (whose calls the first pattern cannot see).
        confirm=r"jwt|hmac|create_access_token|logging as "
        r"|(?:\b_?(?:log(?:ger|ging)?|LOG(?:GER)?)\.\w+|\bprint|\bwarn)\("
        r"(?:(?!\)[ \t]*(?:\n|\r|\Z))[\s\S]){0,200}?"
        r"(?:token|Token|TOKEN|passw|Passw|PASSW|secret|Secret|SECRET|api_?key|API_?KEY"
        r"|apikey|ApiKey|apiKey|uthorization|UTHORIZATION|private_?key|PRIVATE_?KEY|privkey"
        r"|signing_key|SIGNING_KEY|passphrase|auth_header|AUTH_HEADER|Jwt|JWT)",
    ),
    Family(
        "credential_literals",
        # Credential words, then the screen: a secret name given a quoted literal.
        words=credential_screen.WORDS,
        screen=credential_screen.assigns_literal,
    ),
)


_NONE: Mapping[str, object] = MappingProxyType({})


class _Prefilter:
    """Which families a file's text may interest, from one pass over its lowered text.

    Every word any family needs is searched at once (the Aho-Corasick engine
    ripgrep uses; a regex alternation tries every word at every byte and was
    10-20x slower); each family then asks set questions of what was found.
    """

    def __init__(self, families: tuple[Family, ...]) -> None:
        needs = {f.module: f.needs for f in families}
        scope = {f.module: f.scope for f in families}
        words = sorted(
            {w for spelled in needs.values() for need in spelled for w in need}
            | {w for f in families for w in (*f.also, *scope[f.module])}
        )
        self.automaton = AhoCorasick(words)
        index = {word: i for i, word in enumerate(words)}
        self.needs = {
            module: tuple(frozenset(index[w] for w in need) for need in spelled)
            for module, spelled in needs.items()
        }
        self.scope = {module: frozenset(index[w] for w in held) for module, held in scope.items()}
        self.also = {f.module: frozenset(index[w] for w in f.also) for f in families}
        self.confirm = {f.module: re.compile(f.confirm) if f.confirm else None for f in families}
        self.screen = {f.module: f.screen for f in families}

    def chosen(
        self,
        text: str,
        families: Iterable[Family],
        parameters: Mapping[str, object] = _NONE,
        masking: Iterable[Family] = (),
    ) -> tuple[list[Family], bool]:
        """The families whose rows `text` spells in full, and whether it is in any one's scope.

        `parameters` are the scan's rule parameters (their YAML defaults when absent).
        `masking` families are chosen the same way but never put a file in scope:
        they run only to mark secrets. The text is searched once for both.
        """
        found = self._found(text)
        candidates = [f for f in families if self._applies(f, found, text, parameters)]
        extra = [f for f in masking if self._applies(f, found, text, parameters)]
        chosen = [f for f in (*candidates, *extra) if any(n <= found for n in self.needs[f.module])]
        return chosen, bool(candidates)

    def spells(self, family: Family, text: str) -> bool:
        """True when `text` holds every word of one of the family's `needs`."""
        found = self._found(text)
        return any(need <= found for need in self.needs[family.module])

    def _found(self, text: str) -> set[int]:
        matches = self.automaton.find_matches_as_indexes(text.lower(), overlapping=True)
        return {i for i, _, _ in matches}

    def _applies(
        self, family: Family, found: set[int], text: str, parameters: Mapping[str, object]
    ) -> bool:
        """The family's scope holds a word of `text`, and its other tests pass."""
        if not self.scope[family.module] & found:
            return False
        also = self.also[family.module]
        if also and not also & found:
            return False
        confirm = self.confirm[family.module]
        if confirm is not None and confirm.search(text) is None:
            return False
        screen = self.screen[family.module]
        return screen is None or screen(text, parameters)


PREFILTER = _Prefilter(FAMILIES)


class PythonAnalyzer:
    name = "python"
    kinds = frozenset({FileKind.PYTHON, FileKind.NOTEBOOK})
    rules = frozenset().union(*(f.rules for f in FAMILIES))
    # Its masking families run in the one pass (see Family.masks): the engine need
    # not analyse its files again to find secrets a disabled rule would mark.
    marks_in_pass = True

    def might_report(self, data: bytes, kind: FileKind) -> bool:
        """Yes: the prefilter runs in `analyze`, on the text the engine has decoded once."""
        return True

    def families(self, text: str, context: Context) -> list[Family]:
        """The families to run on `text`: wanted by the context, or masking, and not filtered out."""
        return self._select(text, context)[0]

    def _select(self, text: str, context: Context) -> tuple[list[Family], bool]:
        """The families to run, and whether a wanted family has the file in its scope."""
        wanted = [f for f in FAMILIES if context.wants(*f.rules)]
        masking = [f for f in FAMILIES if f.masks and f not in wanted]
        return PREFILTER.chosen(text, wanted, context.parameters, masking)

    def analyze(self, source: Source, context: Context) -> Iterator[Reported]:
        if source.kind is not FileKind.NOTEBOOK:
            yield from self._analyze(source, context)
            return
        from scanner.analyzers.python import notebooks

        notebook = notebooks.read(source.text)
        code = notebooks.code_source(source, notebook)
        try:
            for reported in self._analyze(code, context):
                yield notebooks.placed(reported, notebook, code, source)
        except Unparsable as exc:
            line = notebooks.line_in_file(exc.line, notebook, code, source)
            raise Unparsable(exc.what, line) from None

    def _analyze(self, source: Source, context: Context) -> Iterator[Reported]:
        families, in_scope = self._select(source.text, context)
        if not families and not in_scope:
            return  # no family's words are in the file
        shown = [f for f in families if context.wants(*f.rules)]
        try:
            facts = _facts(source, context)
        except Unparsable:
            if in_scope:
                raise
            return  # parsed only to mark secrets: the failure is no news to the user
        for family in families:
            detectors = importlib.import_module(f"scanner.analyzers.python.{family.module}")
            reported = contained(partial(detectors.detect, facts), source, context, family.module)
            if family in shown:
                yield from reported
            else:  # its rules are off: only where it finds secret values is kept
                yield from (r for r in reported if isinstance(r, Detection) and r.secret_spans)


def _facts(source: Source, context: Context) -> Facts:
    import libcst as cst  # imported here: a pre-commit run on YAML files never pays for it

    from scanner.analyzers.python.module import read

    refused = refuse(source.text)
    if refused is not None:
        raise refused
    try:
        module = cst.parse_module(source.text)
        return read(module, source.text, source.relpath, context.parameters)
    except cst.ParserSyntaxError as exc:
        raise Unparsable("Python syntax error", exc.raw_line) from None
    except RecursionError:
        raise Unparsable("Python nesting too deep") from None


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
