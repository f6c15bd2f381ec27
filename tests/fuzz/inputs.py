"""Hypothesis strategies for hostile but realistic inputs: planted seeds, mutations, grammars.

An input is a `Sample`: the bytes of one file, the path it is scanned under
(its kind follows from the path, as in a real scan) and the secret planted
in it. Secrets are derived from a drawn number through SHA-256, so even the
shrunk example (number 0) is a high-entropy value a rule would report.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Callable, Sequence, Sized
from dataclasses import dataclass

from hypothesis import strategies as st

from fuzz.seeds import PATHS, Seed, all_lines, seeds
from scanner.model import FileKind

YAML_KINDS = frozenset({FileKind.YAML, FileKind.GITHUB_ACTIONS, FileKind.GITLAB_CI, FileKind.CI})
# Characters that change how readers split lines and columns, or that break out of a token.
ODD_CHARACTERS = (
    "\r",
    "\r\n",
    "\x0b",
    "\x0c",
    "\x1b",
    "\x7f",
    "\x85",
    "\u2028",
    "\u2029",
    "\ufeff",
    "\u202e",
    "\t",
    "\\",
    "'",
    '"',
    "`",
    "#",
    ":",
    "=",
    "{",
    "[",
    "&a ",
    "*a",
    "${{ ",
    "$(",
    "\n",
    " ",
)
# Byte sequences that are not UTF-8: a lone continuation byte, a cut multi-byte
# character, an encoded surrogate, and bytes UTF-8 never uses.
INVALID_UTF8 = (b"\x80", b"\xc3", b"\xe2\x80", b"\xed\xa0\x80", b"\xff", b"\xfe\xff", b"\xc0\xaf")
SECRET_NAMES = (
    "JWT_SECRET",
    "SIGNING_KEY",
    "webhook_secret",
    "api_token",
    "AWS_SECRET_ACCESS_KEY",
    "db_password",
    "client_secret",
    "HMAC_KEY",
)


@dataclass(frozen=True, slots=True)
class Sample:
    path: str
    data: bytes
    secret: str

    @property
    def text(self) -> str:
        return self.data.decode("utf-8", "replace")


def aws_key(number: int) -> str:
    """An access key id in AWS's format, never one of AWS's documented examples."""
    body = base64.b32encode(hashlib.sha256(f"aws{number}".encode()).digest()).decode()
    return "AKIA" + body[:16]


def signing_key(number: int) -> str:
    """40 hex digits, the shape of a generated HMAC key."""
    return hashlib.sha1(f"key{number}".encode()).hexdigest()


secrets_ = st.builds(
    lambda maker, number: maker(number), st.sampled_from((aws_key, signing_key)), st.integers(0)
)


def planted_line(kind: FileKind, name: str, secret: str, style: int) -> str:
    """One line that sets a credential-named key to the secret, as the kind writes it."""
    quoted = style % 2 == 0
    value = f'"{secret}"' if quoted else secret
    if kind is FileKind.PYTHON:
        return f'{name} = "{secret}"' if quoted else f"{name} = os.environ.get('X', '{secret}')"
    if kind in YAML_KINDS or kind is FileKind.JSON:
        return f'"{name}": "{secret}",' if kind is FileKind.JSON else f"{name}: {value}"
    if kind is FileKind.TOML:
        return f'{name} = "{secret}"' if quoted else f"{name} = '{secret}'"
    if kind is FileKind.DOTENV:
        return f"export {name}={value}" if style % 3 == 0 else f"{name}={value}"
    if kind is FileKind.DOCKERFILE:
        return f"ENV {name}={value}" if style % 3 else f"ARG {name}={value}"
    return f"{name}={secret}" if kind is FileKind.INI else f"{name} {secret}"


@st.composite
def planted(draw: st.DrawFn, kind: FileKind, texts: st.SearchStrategy[str]) -> tuple[str, str]:
    """A text of the kind with a credential line inserted at a drawn line (text, secret)."""
    text = draw(texts)
    secret = draw(secrets_)
    line = planted_line(kind, draw(st.sampled_from(SECRET_NAMES)), secret, draw(st.integers(0, 5)))
    lines = text.split("\n")
    at = draw(st.integers(0, len(lines)))
    if kind is FileKind.JSON and "{" in text and draw(st.booleans()):
        brace = text.index("{") + 1
        return f"{text[:brace]}\n{line}\n{text[brace:]}", secret
    if kind in YAML_KINDS and at and draw(st.booleans()):
        # Indented like the line above, so it lands inside that mapping.
        above = lines[at - 1]
        line = above[: len(above) - len(above.lstrip())] + line
    return "\n".join([*lines[:at], line, *lines[at:]]), secret


# --- mutations --------------------------------------------------------------

Mutation = Callable[[bytes], bytes]


def _at(data: Sized, where: int) -> int:
    return where % (len(data) + 1)


def _line_edit(edit: Callable[[list[bytes]], list[bytes]]) -> Mutation:
    return lambda data: b"\n".join(edit(data.split(b"\n")))


@st.composite
def mutations(draw: st.DrawFn) -> Mutation:
    """One structural or byte-level edit of a file."""
    where = draw(st.integers(0, 1 << 20))
    other = draw(st.integers(0, 1 << 20))
    name = draw(
        st.sampled_from(
            (
                "insert",
                "delete",
                "duplicate",
                "swap",
                "truncate",
                "character",
                "bom",
                "line-ends",
                "number",
                "nesting",
                "long-line",
                "invalid-utf8",
            )
        )
    )
    if name == "insert":
        line = draw(st.sampled_from(all_lines())).encode()
        return _line_edit(lambda ls: [*ls[: _at(ls, where)], line, *ls[_at(ls, where) :]])
    if name == "delete":
        return _line_edit(lambda ls: [*ls[: where % len(ls)], *ls[where % len(ls) + 1 :]])
    if name == "duplicate":
        times = draw(st.integers(1, 64))
        return _line_edit(
            lambda ls: [
                *ls[: where % len(ls)],
                *[ls[where % len(ls)]] * times,
                *ls[where % len(ls) :],
            ]
        )
    if name == "swap":

        def swap(ls: list[bytes]) -> list[bytes]:
            i, j = where % len(ls), other % len(ls)
            ls[i], ls[j] = ls[j], ls[i]
            return ls

        return _line_edit(swap)
    if name == "truncate":
        return lambda data: data[: _at(data, where)]
    if name == "character":
        odd = draw(st.sampled_from(ODD_CHARACTERS)).encode()
        return lambda data: data[: _at(data, where)] + odd + data[_at(data, where) :]
    if name == "bom":
        return lambda data: "\ufeff".encode() + data
    if name == "line-ends":
        end = draw(st.sampled_from((b"\r", b"\r\n", "\u2028".encode(), b"\x85")))
        return lambda data: data.replace(b"\n", end)
    if name == "number":
        number = draw(st.sampled_from((b"9" * 25, b"9" * 400, b"1" + b"0" * 5000, b"1e999", b"-0")))
        return _replace_number(number, where)
    if name == "nesting":
        depth = draw(st.integers(2, 400))
        opener, closer = draw(st.sampled_from(((b"[", b"]"), (b"{", b"}"), (b"(", b")"))))
        nested = opener * depth + closer * depth
        return lambda data: data[: _at(data, where)] + nested + data[_at(data, where) :]
    if name == "long-line":
        piece = draw(st.sampled_from((b"a", b"A1/+", b"\\", b"${{ x }}", b"' ", b"\t")))
        size = draw(st.integers(1000, 20_000)) // len(piece)
        return lambda data: data[: _at(data, where)] + piece * size + data[_at(data, where) :]
    bad = draw(st.sampled_from(INVALID_UTF8))
    return lambda data: data[: _at(data, where)] + bad + data[_at(data, where) :]


def _replace_number(number: bytes, where: int) -> Mutation:
    """The digits of the n-th number in the file (or at a position, when it has none)."""

    def edit(data: bytes) -> bytes:
        runs = list(re.finditer(rb"\d+", data))
        if not runs:
            at = _at(data, where)
            return data[:at] + number + data[at:]
        run = runs[where % len(runs)]
        return data[: run.start()] + number + data[run.end() :]

    return edit


def mutated(data: bytes, edits: Sequence[Mutation]) -> bytes:
    for edit in edits:
        data = edit(data)
    return data


# --- grammars ---------------------------------------------------------------

_KEYS = (
    "env",
    "run",
    "script",
    "variables",
    "steps",
    "uses",
    "with",
    "password",
    "token",
    "secret",
    "jwt",
    "expires_in",
    "access_token_lifetime",
    "algorithm",
    "issuer_url",
    "<<",
    "name",
    "on",
    "jobs",
    "data",
    "stringData",
    "kind",
    *SECRET_NAMES,
)
_WORDS = (
    "HS256",
    "none",
    "Secret",
    "3600",
    "864000000",
    "7d",
    "http://auth.example.com/.well-known/jwks.json",
    "${{ secrets.DEPLOY_KEY }}",
    "$JWT_SECRET",
    "echo $TOKEN",
    "curl -u admin:$PASS https://x",
    "set -x",
    "true",
    "~",
    "changeme",
    "9" * 30,
)


def _scalar(secret: str) -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from((*_WORDS, secret)), st.text(max_size=12))


@st.composite
def yaml_text(draw: st.DrawFn, secret: str) -> str:
    """A YAML stream with nested mappings, lists, anchors, aliases, merges and block scalars."""
    anchors: list[str] = []
    out: list[str] = []

    def scalar(indent: int) -> str:
        word = draw(_scalar(secret))
        style = draw(st.integers(0, 5))
        if style == 0:
            return json.dumps(word)
        if style == 1:
            return "'" + word.replace("'", "''") + "'"
        if style == 2:
            block = draw(st.sampled_from(("|", ">", "|-", ">+", "|2")))
            pad = " " * (indent + 2)
            body = "\n".join(pad + part for part in (word, draw(_scalar(secret))))
            return f"{block}\n{body}"
        if style == 3 and anchors:
            return "*" + draw(st.sampled_from(anchors))
        return word.replace("\n", " ") or "x"

    def node(indent: int, depth: int) -> None:
        pad = " " * indent
        for _ in range(draw(st.integers(1, 4))):
            key = draw(st.sampled_from(_KEYS))
            shape = draw(st.integers(0, 4)) if depth < 5 else 0
            anchor = ""
            if draw(st.integers(0, 4)) == 0:
                anchor = f"&a{len(anchors)} "
                anchors.append(f"a{len(anchors)}")
            if shape == 1:
                out.append(f"{pad}{key}: {anchor}".rstrip())
                node(indent + 2, depth + 1)
            elif shape == 2:
                out.append(f"{pad}{key}: {anchor}".rstrip())
                for _ in range(draw(st.integers(1, 3))):
                    out.append(f"{pad}  - {scalar(indent + 4)}")
            elif shape == 3:
                items = ", ".join(f"{k}: {json.dumps(draw(_scalar(secret)))}" for k in _KEYS[:2])
                out.append(f"{pad}{key}: {anchor}{{{items}}}")
            else:
                out.append(f"{pad}{key}: {anchor}{scalar(indent)}")

    for document in range(draw(st.integers(1, 2))):
        if document:
            out.append("---")
        node(0, 0)
    return "\n".join(out) + "\n"


@st.composite
def dotenv_text(draw: st.DrawFn, secret: str) -> str:
    """`.env` lines: exports, every quote style, escapes, multi-line values, comments."""
    out = []
    for _ in range(draw(st.integers(1, 8))):
        key = draw(st.sampled_from((*SECRET_NAMES, "PORT", "TOKEN_TTL", "JWT_ALGORITHM")))
        word = draw(_scalar(secret))
        quote = draw(st.sampled_from(("", "'", '"', "`", '"""')))
        export = draw(st.sampled_from(("", "export ", "  export\t")))
        tail = draw(st.sampled_from(("", " # comment", "\\n", "\\", " ${HOME}", "\n  more")))
        close = quote if draw(st.integers(0, 5)) else ""  # sometimes never closed
        out.append(f"{export}{key}={quote}{word}{tail}{close}")
        if draw(st.booleans()):
            out.append(draw(st.sampled_from(("", "# note", "=novalue", "BARE", " = x"))))
    return "\n".join(out) + draw(st.sampled_from(("\n", "", "\r\n")))


_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=10),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(st.sampled_from(_KEYS), children, max_size=3)
    ),
    max_leaves=12,
)


@st.composite
def json_text(draw: st.DrawFn, secret: str) -> str:
    document = draw(st.dictionaries(st.sampled_from(_KEYS), _JSON_VALUES, max_size=4))
    document[draw(st.sampled_from(SECRET_NAMES))] = secret
    return json.dumps(document, indent=draw(st.sampled_from((None, 2, "\t"))))


@st.composite
def toml_text(draw: st.DrawFn, secret: str) -> str:
    """Tables, arrays of tables, inline tables, dotted and quoted keys, multi-line strings."""
    out = [f'{draw(st.sampled_from(SECRET_NAMES))} = "{secret}"']
    for _ in range(draw(st.integers(0, 4))):
        header = draw(st.sampled_from(("[jwt]", "[[keys]]", '["a.b"]', "[a.b.c]", "[tool.app]")))
        out.append(header)
        key = draw(st.sampled_from((*SECRET_NAMES, "lifetime", '"quoted key"', "a.b")))
        value = draw(
            st.sampled_from(
                (
                    f'"{secret}"',
                    f"'''\n{secret}\n'''",
                    f'"""{secret}\\\n  more"""',
                    "3600",
                    "1_000_000",
                    "9" * 30,
                    f'{{ secret = "{secret}", n = 1 }}',
                    '["HS256", "none"]',
                )
            )
        )
        out.append(f"{key} = {value}")
    return "\n".join(out) + "\n"


@st.composite
def line_config_text(draw: st.DrawFn, kind: FileKind, secret: str) -> str:
    """INI/properties with sections and continuations, or a Dockerfile with ENV and ARG."""
    out = []
    for _ in range(draw(st.integers(1, 6))):
        key = draw(st.sampled_from(SECRET_NAMES))
        word = draw(_scalar(secret))
        if kind is FileKind.DOCKERFILE:
            instruction = draw(st.sampled_from(("ENV", "ARG", "RUN echo", "ENV A=1 \\\n   ")))
            out.append(f"{instruction} {key}={word}")
        else:
            out.append(draw(st.sampled_from(("[section]", "", "; note", "key: \\"))))
            sep = draw(st.sampled_from(("=", ": ", " = ", " ")))
            out.append(f"{key}{sep}{word}")
    return "\n".join(out) + "\n"


@st.composite
def notebook_text(draw: st.DrawFn, secret: str) -> str:
    """An nbformat 4 notebook: code cells (magics among them) with a credential, and outputs."""
    lines = [
        f"{draw(st.sampled_from(SECRET_NAMES))} = {json.dumps(secret)}\n",
        *draw(st.lists(st.sampled_from(("%pip install x\n", "!ls\n", "import os\n", "x = 1\n")))),
    ]
    cells = [
        {"cell_type": "code", "metadata": {}, "outputs": [{"text": [secret]}], "source": lines},
        {"cell_type": "markdown", "metadata": {}, "source": draw(st.text(max_size=20))},
    ]
    document = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": cells}
    return json.dumps(document, indent=draw(st.sampled_from((None, 1))))


def generated(kind: FileKind) -> st.SearchStrategy[tuple[str, str]]:
    """(text, secret) from the kind's grammar."""

    @st.composite
    def build(draw: st.DrawFn) -> tuple[str, str]:
        secret = draw(secrets_)
        if kind in YAML_KINDS:
            return draw(yaml_text(secret)), secret
        if kind is FileKind.DOTENV:
            return draw(dotenv_text(secret)), secret
        if kind is FileKind.JSON:
            return draw(json_text(secret)), secret
        if kind is FileKind.TOML:
            return draw(toml_text(secret)), secret
        if kind in (FileKind.INI, FileKind.DOCKERFILE):
            return draw(line_config_text(kind, secret)), secret
        if kind is FileKind.NOTEBOOK:
            return draw(notebook_text(secret)), secret
        text = draw(st.sampled_from([s.text for s in seeds(kind)]))
        return draw(planted(kind, st.just(text)))

    return build()


@st.composite
def samples(draw: st.DrawFn, kind: FileKind) -> Sample:
    """A file of the kind: a planted seed or a grammar's text, then up to four mutations."""
    pool = seeds(kind)
    if pool and draw(st.integers(0, 3)):
        seed: Seed = draw(st.sampled_from(pool))
        text, secret = draw(planted(kind, st.just(seed.text)))
        path = seed.path
    else:
        text, secret = draw(generated(kind))
        path = PATHS[kind]
    edits = draw(st.lists(mutations(), max_size=4))
    return Sample(path, mutated(text.encode("utf-8", "surrogatepass"), edits), secret)
