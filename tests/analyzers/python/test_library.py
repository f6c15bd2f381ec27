"""The library table: every row reaches the families that read it, and their prefilter.

Each row of `library.LIBRARY` is spelled in a tiny module the way code uses
it (`import jwt` then `jwt.api_jws.PyJWS().get_unverified_header(token)`):
the module's facts must resolve the call to that row, and every family whose
`reads` takes the row must be let through by the prefilter generated from
the table. A new row or alias is covered by these tests with no test edit.
"""

from __future__ import annotations

import re
import time

import libcst as cst
import pytest

from scanner.analyzers.base import Context
from scanner.analyzers.python.analyzer import FAMILIES, PREFILTER, Family, PythonAnalyzer
from scanner.analyzers.python.library import ALIASES, LIBRARY, Entry
from scanner.analyzers.python.module import read
from scanner.configuration import Config
from scanner.engine import scan_text

ROWS = sorted(LIBRARY.items())
EVERY_RULE = Context(frozenset().union(*(f.rules for f in FAMILIES)))


def spelled(name: str) -> str:
    """A module that imports the top of `name` and calls `name` with a token."""
    top = name.split(".")[0]
    return f"import {top}\n\n\ndef handle(token):\n    return {name}(token)\n"


def readers(entry: Entry) -> list[Family]:
    return [f for f in FAMILIES if f.reads is not None and f.reads(entry)]


@pytest.mark.parametrize(("name", "entry"), ROWS, ids=[name for name, _ in ROWS])
def test_a_row_resolves_where_code_spells_it(name: str, entry: Entry) -> None:
    text = spelled(name)
    facts = read(cst.parse_module(text), text, "app/handler.py", {})
    assert any(name in site.names for site in facts.every_call)
    if entry.api is not None:
        assert (name, entry.api) in [(c.qualified, c.api) for c in facts.calls]


@pytest.mark.parametrize(("name", "entry"), ROWS, ids=[name for name, _ in ROWS])
def test_a_row_passes_the_prefilter_of_every_family_that_reads_it(name: str, entry: Entry) -> None:
    text = spelled(name)
    for family in readers(entry):
        assert PREFILTER.spells(family, text), family.module
        if not family.also and not family.confirm:
            assert family in PythonAnalyzer().families(text, EVERY_RULE), family.module
            assert PREFILTER.chosen(text, [family]) == ([family], True), family.module


def test_every_row_states_at_least_one_fact() -> None:
    assert [name for name, entry in ROWS if entry == Entry()] == []


@pytest.mark.parametrize(
    ("prefix", "spelling"), [(p, s) for p, spellings in ALIASES.items() for s in spellings]
)
def test_an_alias_carries_every_row_of_the_name_it_stands_for(prefix: str, spelling: str) -> None:
    rows = {
        name[len(prefix) :]: entry
        for name, entry in LIBRARY.items()
        if name == prefix or name.startswith((f"{prefix}.", f"{prefix}()"))
    }
    assert rows
    for rest, entry in rows.items():
        assert LIBRARY[spelling + rest] == entry


def test_a_word_of_a_name_alone_does_not_make_a_family_run() -> None:
    """`decode` in a file that never imports a JWT library parses nothing for JWT rules."""
    text = "def decode(raw):\n    return raw.decode('utf-8')\n"
    assert PythonAnalyzer().families(text, EVERY_RULE) == []
    assert PREFILTER.chosen(text, FAMILIES) == ([], False)


def test_a_library_named_but_not_called_is_in_scope_with_no_family_to_run() -> None:
    """Parsed, so that a file libcst cannot read is reported, but no detector runs on it."""
    text = "import jwt\n\nLEGACY = 1\n"
    assert PREFILTER.chosen(text, FAMILIES) == ([], True)


CONFIRMED = [f for f in FAMILIES if f.confirm]


@pytest.mark.parametrize("family", CONFIRMED, ids=[f.module for f in CONFIRMED])
def test_a_family_confirm_reads_a_hostile_line_in_linear_time(family: Family) -> None:
    """A minified or generated line of 300 KB: a regex that backtracks over it would hang the scan.

    The line repeats the family's own words with nothing that completes a match,
    the shape that makes an unbounded `\\w*...*` quadratic. A second is about a
    hundred times what a linear pass takes here; a quadratic one takes minutes.
    """
    words = (*family.words, *family.also) or ("token",)
    line = "".join(word.replace("(", "") + "x" for word in words)
    hostile = (line * (300_000 // len(line) + 1))[:300_000]
    started = time.monotonic()
    re.compile(family.confirm).search(hostile)
    assert time.monotonic() - started < 1.0


def reported(rules, path: str, source: str) -> list[tuple[str, int]]:
    found = scan_text(path, source, Config(), rules).findings
    return sorted((f.rule_id, f.location.line) for f in found)


def test_pycryptodome_hmac_keyed_with_a_literal_is_hardcoded(rules) -> None:
    source = (
        "from Crypto.Hash import HMAC, SHA256\n"
        "\n"
        "\n"
        "def sign(body):\n"
        '    mac = HMAC.new(b"Zt8qL2vN6xR1pK9wC4mY7bF3hJ5sD0gA", body, digestmod=SHA256)\n'
        "    return mac.hexdigest()\n"
    )
    assert reported(rules, "webhooks/sign.py", source) == [("HMAC001", 5)]


def test_pycryptodomex_hmac_with_a_short_literal_is_hardcoded_and_weak(rules) -> None:
    source = (
        "import Cryptodome.Hash.HMAC\n"
        "from Cryptodome.Hash import SHA256\n"
        "\n"
        "\n"
        "def sign(body):\n"
        '    return Cryptodome.Hash.HMAC.new(b"Vq7Lm2Xp9Kt4Wz", body, SHA256).digest()\n'
    )
    assert reported(rules, "webhooks/sign.py", source) == [("HMAC001", 6), ("HMAC002", 6)]


def test_pyjws_from_jwt_api_jws_header_alg_allowed_is_algorithm_confusion(rules) -> None:
    source = (
        "import jwt\n"
        "from jwt.api_jws import PyJWS\n"
        "\n"
        "\n"
        "def verify(token, key):\n"
        "    header = PyJWS().get_unverified_header(token)\n"
        '    return jwt.decode(token, key, algorithms=[header["alg"]], audience="gateway")\n'
    )
    assert reported(rules, "gateway/verify.py", source) == [("JWT003", 7)]
