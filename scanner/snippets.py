"""Which parts of a source line a snippet must not show, whatever the rules found.

A snippet is the finding's whole line, so it also holds text no rule looked
at. The line is read with the file kind's syntax (declared with its format), and these parts are hidden
unless they have a provably safe shape (`shapes.is_safe_value`):

- the content of every string literal (`"..."`, `'...'`, backticks), except
  a name in key position (`{"verify_signature": ...}`, `environ["KEY"]`);
- every config value (`key: value` in YAML and CI files, `KEY=value` in
  `.env`, INI, TOML and shell words), except under a key that holds commands
  (`run:`, `script:`), which is read as shell code; in INI and YAML files an
  indented line of one word without a key too, as the rest of the value above it;
- the text of a comment after its marker, always;
- in a credential file (`.htpasswd`, `.pgpass`, `.netrc`, `.npmrc`), everything but a
  line's first field or its format's keywords;
- in code, any bare word that is secret-shaped: a provider prefix, or eight
  characters and more mixing letters with digits or symbols (in Python, where
  bare words are names, twenty and more).

What stays is the code: names, keys, calls, operators, numbers, and values
such as `HS256`, `${{ secrets.X }}` or an http URL. Plain words in shell
commands stay too (`echo`, `printenv`); a short password given bare on a
command line (`-p hunter2`) is the one shape this cannot tell from a word.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from scanner import file_kinds
from scanner.file_format import Syntax
from scanner.model import FileKind
from scanner.shapes import (
    KNOWN_PREFIX,
    is_safe_value,
    is_secret_shaped,
    userinfo_passwords,
    words,
)

Span = tuple[int, int]

COMMAND_KEYS = words(
    "run script before_script after_script command commands cmd entrypoint args "
    "shell sh bash pwsh powershell inlinescript"
)
_STRING_PREFIX = re.compile(r"(?<![\w])(?:[rRbBuUfF]|[rR][bBfF]|[bBfF][rR])$")
_WORD = re.compile(r"[^\s\"'`()\[\],]+")
_USERINFO = re.compile(r"://[^/\s]*@")
_NAME_WORD = re.compile(r"[A-Za-z0-9+/_\-.~]+={0,2}")  # Python: `a=b` is two words
_SHELL_ASSIGNMENT = re.compile(r"(?P<name>-{0,2}[A-Za-z_][\w.\-]*)=(?P<value>[^=\[{(].*)")
_FLOW_VALUE = re.compile(
    r"[{,]\s*[\w.\-]+:\s+(?P<value>[^\s\"'`{}\[\],](?:[^{}\[\],]*[^\s{}\[\],])?)(?=\s*(?:[,}]|$))"
)
_KEY = re.compile(r"(?:-\s+)?(?:export\s+)?(?P<key>[\w.\-/$@ ]+|\"[^\"]*\"|'[^']*')")


PROSE = Syntax((), shell=True)  # the reason of an inline ignore: itself a comment's text


@dataclass(frozen=True, slots=True)
class _String:
    start: int  # the opening quote
    end: int  # after the closing quote, or the line's end when the string goes on
    quotes: int  # 1, or 3 for a triple-quoted string
    closed: bool

    @property
    def content(self) -> Span:
        start = self.start + self.quotes
        return (start, max(start, self.end - (self.quotes if self.closed else 0)))


def hidden(line: str, kind: FileKind | None = None, syntax: Syntax | None = None) -> list[Span]:
    """The (start, end) ranges of `line` a snippet must mask.

    A URL's user info password is masked wherever it stands, a key or a field
    a format shows included (`//bob:<password>@host/:_authToken` in `.npmrc`).
    """
    return [*_by_syntax(line, kind, syntax), *userinfo_passwords(line)]


def _by_syntax(line: str, kind: FileKind | None, syntax: Syntax | None) -> list[Span]:
    """The ranges the line's syntax puts in value, string or comment position, in order."""
    if syntax is None:
        syntax = file_kinds.syntax_of(kind)
    strings, code_end, comment = _lex(line, syntax)
    spans: list[Span] = []
    if line[comment:].strip():
        spans.append((comment + len(line[comment:]) - len(line[comment:].lstrip()), len(line)))
    if syntax.fields:
        return [*_credential_fields(line[:code_end], syntax), *spans]
    value = _config_value(line, strings, code_end, syntax)
    if value is None and syntax.continuations:
        value = _continued(line, code_end, syntax.continuations == "line")
    if value is not None:
        start, end, is_command = value
        if not is_command and not is_safe_value(line[start:end]):
            return [*_code(line, strings, 0, start, syntax), (start, end), *spans]
        flow = _flow_values(line, start, code_end, syntax)
        spans[:0] = [*_code(line, strings, 0, code_end, syntax), *flow]
        return spans
    return [
        *_code(line, strings, 0, code_end, syntax),
        *_flow_values(line, 0, code_end, syntax),
        *spans,
    ]


def _credential_fields(code: str, syntax: Syntax) -> list[Span]:
    """All of a credential file's line but its first field, or but its keywords.

    A line without a separator is hidden whole: it may be a password alone.
    """
    fields = [m.span() for m in re.finditer(f"[^\\s{re.escape(syntax.fields)}]+", code)]
    if syntax.keywords:
        return [(start, end) for start, end in fields if code[start:end] not in syntax.keywords]
    if not fields:
        return []
    if len(fields) == 1:
        return [] if code[fields[0][1] :].strip() else [fields[0]]
    return [(fields[1][0], fields[-1][1])]


def _lex(line: str, syntax: Syntax) -> tuple[list[_String], int, int]:
    """String literals, where the comment marker starts and where its text starts.

    Without a comment both are the line's length.
    """
    strings: list[_String] = []
    i = 0
    while i < len(line):
        char = line[i]
        if char in "\"'`" and _opens(line, i, char):
            quotes = 3 if line.startswith(char * 3, i) else 1
            end, closed = _closing(line, i, char * quotes)
            strings.append(_String(i, end, quotes, closed))
            i = end
            continue
        for marker in syntax.comments:
            if line.startswith(marker, i) and (
                i == 0 or line[i - 1].isspace() or syntax.names_only
            ):
                return strings, i, i + len(marker)
        i += 1
    return strings, len(line), len(line)


def _opens(line: str, i: int, quote: str) -> bool:
    """A quote opens a string unless it is an apostrophe inside a word (`don't`)."""
    if quote != "'" or i == 0 or not line[i - 1].isalnum():
        return True
    return bool(_STRING_PREFIX.search(line[:i]))


def _closing(line: str, i: int, delimiter: str) -> tuple[int, bool]:
    j = i + len(delimiter)
    while j < len(line):
        if line[j] == "\\" and delimiter != "`":
            j += 2
            continue
        if line.startswith(delimiter, j):
            return j + len(delimiter), True
        j += 1
    return len(line), False


def _config_value(
    line: str, strings: list[_String], code_end: int, syntax: Syntax
) -> tuple[int, int, bool] | None:
    """The value of a `key: value` / `KEY=value` line: its span and whether it holds commands."""
    if not syntax.separators:
        return None
    inside = _Membership(tuple((s.start, s.end) for s in strings))
    for i in range(code_end):
        char = line[i]
        if char not in syntax.separators or inside(i):
            continue
        if char == ":" and i + 1 < code_end and not line[i + 1].isspace():
            continue
        key = _KEY.fullmatch(line[:i].strip())
        if key is None:
            return None
        start = i + 1
        while start < code_end and line[start].isspace():
            start += 1
        end = len(line[:code_end].rstrip())
        if start >= end or line[start] in "\"'`[{|>":
            return (start, start, True)
        name = key["key"].strip("\"' ")
        words = {name.rsplit(".", 1)[-1].lower(), name.split()[0].lower()}
        return (start, end, not words.isdisjoint(COMMAND_KEYS))
    return None


def _continued(line: str, code_end: int, words: bool) -> tuple[int, int, bool] | None:
    """An indented line, no `key: value` nor a list item: the rest of a value above it.

    A password may go on the line after its key (`password =` then `    s3cr3t`, or
    an XML element's text under `<password>`).
    Unless `words`, a line of several words is read as code: in YAML it is
    more likely a script's (`run: |`).
    """
    start = len(line) - len(line.lstrip())
    end = len(line[:code_end].rstrip())
    if start == 0 or start >= end or line[start] in "-#;[{<":  # `<`: an XML tag, code
        return None
    if not words and line[start:end].split()[1:]:
        return None
    return (start, end, False)


def _flow_values(line: str, start: int, end: int, syntax: Syntax) -> Iterator[Span]:
    """The plain values of a YAML flow mapping (`user: {password: s3cr3t}`) that are not safe.

    Quoted ones are strings, judged by `_code`; a flow sequence's items
    (`args: [--verbose]`) stay code.
    """
    if ":" not in syntax.separators:
        return
    for item in _FLOW_VALUE.finditer(line, start, end):
        if not is_safe_value(item["value"]):
            yield item.span("value")


def _code(line: str, strings: list[_String], start: int, end: int, syntax: Syntax) -> list[Span]:
    """Hidden parts of code between `start` and `end`: unsafe strings and unsafe words."""
    spans: list[Span] = []
    cursor = start
    for string in strings:
        if string.start < start or string.start >= end:
            continue
        spans.extend(_words(line, cursor, string.start, syntax))
        content_start, content_end = string.content
        text = line[content_start:content_end]
        if not (is_safe_value(text) or _is_key(line, string, text)):
            spans.append((content_start, content_end))
        cursor = string.end
    spans.extend(_words(line, cursor, end, syntax))
    return spans


def _words(line: str, start: int, end: int, syntax: Syntax) -> Iterator[Span]:
    pattern = _NAME_WORD if syntax.names_only else _WORD
    for word in pattern.finditer(line, start, end):
        text = word.group()
        assignment = _SHELL_ASSIGNMENT.fullmatch(text) if syntax.shell else None
        if assignment is not None:
            if not is_safe_value(assignment["value"]):
                yield (word.start() + assignment.start("value"), word.end())
        elif _is_unsafe_word(text, syntax):
            yield word.span()


def _is_unsafe_word(word: str, syntax: Syntax) -> bool:
    if KNOWN_PREFIX.search(word) or _USERINFO.search(word):
        return True
    bare = word.strip(":=.")
    if is_safe_value(bare):
        return False
    if syntax.names_only:
        return len(bare) >= 20 and is_secret_shaped(bare)
    if len(bare) >= 8 and is_secret_shaped(bare):
        return True
    # Commands have no one-case words that long without a separator, nor foreign letters.
    one_case = bare.isalnum() and (bare.islower() or bare.isupper())
    return (len(bare) >= 20 and one_case) or (len(bare) >= 6 and not bare.isascii())


def _is_key(line: str, string: _String, text: str) -> bool:
    """A name in key position: before `:` (a mapping key) or alone in `[...]` (a subscript)."""
    if not re.fullmatch(r"[A-Za-z_$@][\w.\-$@/ ]{0,63}", text) or KNOWN_PREFIX.search(text):
        return False
    if len(text) >= 16 and is_secret_shaped(text):
        return False
    after = line[string.end :].lstrip()
    before = line[: string.start].rstrip()
    return (after.startswith(":") and not after.startswith("::")) or (
        before.endswith("[") and after.startswith("]")
    )


@dataclass(frozen=True, slots=True)
class _Membership:
    ranges: tuple[Span, ...]

    def __call__(self, i: int) -> bool:
        return any(start <= i < end for start, end in self.ranges)
