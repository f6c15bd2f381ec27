"""Values are followed as a reviewer would: constants, dicts, **kwargs, `.encode()`."""

from __future__ import annotations

import libcst as cst
import pytest

from scanner.analyzers.python.module import read
from scanner.analyzers.python.values import Known, Unknown, Value
from scanner.configuration import Config
from scanner.engine import scan_text


def reported(rules, source: str) -> list[tuple[str, int]]:
    findings = scan_text("auth.py", source, Config(), rules).findings
    return [(f.rule_id, f.location.line) for f in findings]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            'import jwt\nOPTS = {"verify_signature": False}\njwt.decode(t, options=OPTS)\n',
            [("JWT001", 3)],
        ),
        (
            'import jwt\ndef f(t):\n    opts = {"verify_signature": False}\n    return jwt.decode(t, options=opts)\n',
            [("JWT001", 4)],
        ),
        (
            'import jwt\nKW = {"options": {"verify_signature": False}}\njwt.decode(t, **KW)\n',
            [("JWT001", 3)],
        ),
        (
            'import jwt\nBASE = {"verify_exp": True}\njwt.decode(t, options={**BASE, "verify_signature": False})\n',
            [("JWT001", 3)],
        ),
        ('import jwt\nNONE = "no" + "ne"\njwt.decode(t, k, algorithms=[NONE])\n', [("JWT002", 3)]),
        ('import jwt\njwt.decode(t, k, None, {"verify_signature": False})\n', [("JWT001", 2)]),
    ],
    ids=[
        "module-constant",
        "local-dict",
        "kwargs-unpacking",
        "dict-spread",
        "concatenation",
        "positional-options",
    ],
)
def test_values_are_followed_to_their_literal(rules, source, expected):
    assert reported(rules, source) == expected


@pytest.mark.parametrize(
    "source",
    [
        'import jwt\nOPTS = {"verify_signature": False}\nOPTS = load()\njwt.decode(t, k, ["HS256"], OPTS)\n',
        'import jwt\ndef f(t, opts):\n    return jwt.decode(t, k, ["HS256"], options=opts)\n',
        'import jwt\njwt.decode(t, k, ["HS256"], options=settings.JWT_OPTIONS)\n',
        "import jwt\njwt.decode(t, *args)\n",
        "import jwt\njwt.decode(t, **kwargs)\n",
    ],
    ids=["reassigned-constant", "parameter", "attribute", "star-args", "unknown-kwargs"],
)
def test_unknown_values_never_produce_a_finding(rules, source):
    assert reported(rules, source) == []


def test_a_constant_key_is_reported_once_at_the_literal_with_each_use_related(rules):
    source = (
        "import jwt\n"
        'KEY = "k3y-4f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c"\n'
        "def mint(c):\n"
        '    return jwt.encode(c, KEY, algorithm="HS256")\n'
        "def read(t):\n"
        '    return jwt.decode(t, KEY, algorithms=["HS256"])\n'
    )
    (finding,) = scan_text("auth.py", source, Config(), rules).findings
    assert (finding.rule_id, finding.location.line, finding.location.column) == ("HMAC001", 2, 7)
    assert finding.evidence is not None and finding.evidence.masked == "k3********5c"
    assert finding.snippet == 'KEY = "k3********5c"'
    assert [(r.location.line, r.message) for r in finding.related] == [
        (4, "used by jwt.encode"),
        (6, "used by jwt.decode"),
    ]


def test_an_encoded_literal_key_is_reported_at_the_literal(rules):
    source = 'import hmac\nhmac.new("wh-secret-77f1a0c3b2c4d5e6f7a8b9c0d1e2f3a4".encode(), body, "sha256")\n'
    (finding,) = scan_text("hooks.py", source, Config(), rules).findings
    assert (finding.rule_id, finding.location.line, finding.location.column) == ("HMAC001", 2, 10)


def value_of(source: str) -> Value:
    """What the evaluator makes of the value of the last assignment in `source`."""
    facts = read(cst.parse_module(source), source, "app.py", {})
    store = facts.stores[-1]
    return facts.value(store.value, store.chain)


BIG_DIGITS = "9" * 4000  # under CPython's 4,300-digit limit, over ours


@pytest.mark.parametrize(
    "source",
    [
        'X = "k" * 4000000000\n',
        'X = 4000000000 * "k"\n',
        'X = b"k" * 4000000000\n',
        'X = ("k",) * 4000000000\n',
        'N = 4000000000\nX = "k" * N\n',
        'A = "k" * 40000\nX = A + A\n',
        'A = b"k" * 40000\nX = A + A\n',
        'A = ("k",) * 40000\nX = A + A\n',
        'A = "k" * 40000\nX = (A + "x").encode() + (A + "y").encode()\n',
        f"X = {BIG_DIGITS} * {BIG_DIGITS}\n",
        f"X = {'9' * 5000}\n",
        f"X = 0x{'f' * 5000}\n",
        "A = 10000000000\nB = A * A\nC = B * B\nD = C * C\nE = D * D\nF = E * E\nX = F * F\n",
        "X = 1e308 * 10\n",
        f"X = 1{'0' * 400}.0\n",
        "X = 10 ** 100000\n",
        "X = 1 << 100000\n",
        'A = "k" * 60000\nX = f"{A}{A}"\n',
        'A = "k" * 60000\nX = "".join([A, A])\n',
    ],
    ids=[
        "string-repetition",
        "repetition-with-the-count-first",
        "bytes-repetition",
        "tuple-repetition",
        "repetition-by-a-constant",
        "string-concatenation",
        "bytes-concatenation",
        "tuple-concatenation",
        "encoded-concatenation",
        "integer-product",
        "5000-digit-integer",
        "5000-digit-hex-integer",
        "integer-squared-six-times",
        "float-overflow",
        "401-digit-float",
        "power",
        "shift",
        "f-string",
        "join",
    ],
)
def test_a_value_that_would_grow_past_the_bounds_is_unknown(source: str) -> None:
    assert isinstance(value_of(source), Unknown)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('X = "ab" * 3\n', "ababab"),
        ('X = 2 * "ab"\n', "abab"),
        ('A = "k" * 30000\nX = A + A\n', "k" * 60000),
        ("X = 0x1F + 0o17 + 0b11 + 1_000\n", 1049),
        ("X = 7 * 24 * 60 * 60\n", 604800),
        (f"X = {'9' * 60} * {'9' * 30}\n", int("9" * 60) * int("9" * 30)),
    ],
    ids=["repetition", "count-first", "concatenation-to-60000", "literal-forms", "week", "wide"],
)
def test_a_value_within_the_bounds_is_known(source: str, expected: object) -> None:
    value = value_of(source)
    assert isinstance(value, Known) and value.value == expected
