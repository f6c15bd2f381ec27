"""Shell lines inside pipeline files: where each line sits, and the commands it runs.

Pipelines keep their scripts in YAML scalars (`run: |`, `script: [...]`) or in
Groovy strings (`sh '...'`). `ScriptLine` ties each physical line of such a
script to its place in the file, so findings point at the exact line.
`pipelines()` splits one logical line into pipelines of commands with their
words and redirections: a small, forgiving tokenizer that never raises, since
scripts are often fragments (a folded `>` block, a `$(` opened on the line
above) rather than whole programs.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import yaml

# Words that run the next word as the command, or open a compound command.
PREFIX_WORDS = frozenset(
    {"if", "then", "else", "elif", "do", "while", "until", "!", "{", "}", "time", "sudo",
     "exec", "command", "builtin", "nohup", "run", "call", "&"}
)  # fmt: skip
_OPERATORS = ("<<<", "&>>", ">>", "<<", "&>", ">&", "||", "&&", ">|", "|", ";", "&", ">", "<")
_PLAIN = re.compile(r"[^\s()<>|;&\\'\"`$]+")  # word characters with no special meaning
_SEPARATORS = frozenset({"||", "&&", ";", "&"})


@dataclass(frozen=True, slots=True)
class ScriptLine:
    """One physical script line: its 1-based file line, the file column of text[0]."""

    line: int
    column: int
    text: str
    folded: bool = False  # YAML joins this line to the next with a space


@dataclass(frozen=True, slots=True)
class LogicalLine:
    """Lines joined at trailing backslashes; offsets map back to file positions."""

    text: str
    starts: tuple[int, ...]  # offset in `text` where each part begins
    parts: tuple[ScriptLine, ...]

    @property
    def line(self) -> int:
        return self.parts[0].line

    def position(self, offset: int) -> tuple[int, int]:
        """The (line, column) in the file of character `offset` of `text`."""
        index = max(0, bisect.bisect_right(self.starts, offset) - 1)
        part = self.parts[index]
        return part.line, part.column + min(offset - self.starts[index], len(part.text))


@dataclass(frozen=True, slots=True)
class Word:
    text: str  # quotes removed, escapes resolved
    start: int  # raw offsets in the logical line
    end: int


@dataclass(frozen=True, slots=True)
class Command:
    words: tuple[Word, ...]
    redirects: tuple[tuple[str, Word], ...]
    head: int  # index of the command word, after prefixes and `NAME=value` assignments
    name: str  # the command word's base name, lower case ("" when there is none)

    @classmethod
    def of(cls, words: tuple[Word, ...], redirects: tuple[tuple[str, Word], ...]) -> Command:
        head = next(
            (
                i
                for i, w in enumerate(words)
                if w.text not in PREFIX_WORDS and not is_assignment(w.text)
            ),
            len(words),
        )
        name = words[head].text.rsplit("/", 1)[-1].lower() if head < len(words) else ""
        return cls(words, redirects, head, name)

    @property
    def args(self) -> tuple[Word, ...]:
        return self.words[self.head + 1 :]

    @property
    def assignments(self) -> tuple[Word, ...]:
        return tuple(w for w in self.words[: self.head] if is_assignment(w.text))

    def stdout_target(self) -> Word | None:
        for operator, target in self.redirects:
            if operator in (">", ">>", "1>", "1>>", "&>", "&>>", ">|"):
                return target
        return None

    def here_string(self) -> Word | None:
        for operator, target in self.redirects:
            if operator == "<<<":
                return target
        return None

    def here_doc(self) -> str | None:
        for operator, target in self.redirects:
            if operator == "<<":
                return target.text.lstrip("-~").strip("'\"")
        return None


Pipeline = tuple[Command, ...]


def is_assignment(word: str) -> bool:
    name, sep, _ = word.partition("=")
    return bool(sep) and name.isidentifier()


def scalar_lines(node: yaml.ScalarNode, lines: Sequence[str]) -> tuple[ScriptLine, ...]:
    """The physical lines of a YAML scalar as they stand in the file."""
    start, end = node.start_mark, node.end_mark
    found: list[ScriptLine] = []
    folded = node.style != "|"  # `>` blocks and multi-line flow scalars fold their lines
    if node.style in ("|", ">"):
        last = end.line if end.column > 0 else end.line - 1
        for number in range(start.line + 1, min(last, len(lines) - 1) + 1):
            raw = lines[number]
            text = raw.strip()
            if text:
                found.append(ScriptLine(number + 1, len(raw) - len(raw.lstrip()) + 1, text, folded))
    else:
        quoted = 1 if node.style in ("'", '"') else 0
        for number in range(start.line, min(end.line, len(lines) - 1) + 1):
            raw = lines[number]
            begin = start.column + quoted if number == start.line else len(raw) - len(raw.lstrip())
            stop = end.column - quoted if number == end.line else len(raw)
            text = raw[begin:stop].rstrip()
            stripped = text.lstrip()
            if stripped:
                column = begin + 1 + len(text) - len(stripped)
                found.append(ScriptLine(number + 1, column, stripped, folded))
    if found and found[-1].folded:
        last_line = found[-1]
        found[-1] = ScriptLine(last_line.line, last_line.column, last_line.text)
    return tuple(found)


def logical_lines(lines: Sequence[ScriptLine]) -> Iterator[LogicalLine]:
    """Join lines that end in a backslash continuation; skip here-document bodies."""
    parts: list[ScriptLine] = []
    starts: list[int] = []
    text = ""
    heredoc: str | None = None
    for line in lines:
        if heredoc is not None:
            if line.text.strip() == heredoc:
                heredoc = None
            continue
        body = line.text
        continued = body.endswith("\\") and not body.endswith("\\\\")
        starts.append(len(text))
        parts.append(line)
        if continued:
            text += body[:-1] + " "
        elif line.folded:
            text += body + " "
        else:
            text += body
        if continued or line.folded:
            continue
        logical = LogicalLine(text, tuple(starts), tuple(parts))
        yield logical
        heredoc = _heredoc_delimiter(logical)
        parts, starts, text = [], [], ""
    if parts:
        yield LogicalLine(text, tuple(starts), tuple(parts))


def _heredoc_delimiter(line: LogicalLine) -> str | None:
    if "<<" not in line.text:
        return None
    for pipeline in pipelines(line.text):
        for command in pipeline:
            delimiter = command.here_doc()
            if delimiter:
                return delimiter
    return None


def pipelines(text: str) -> list[Pipeline]:
    """`a | b && c > f` -> [(a, b), (c with redirect > f)]; comments dropped."""
    result: list[Pipeline] = []
    current: list[Command] = []
    words: list[Word] = []
    redirects: list[tuple[str, Word]] = []
    pending: str | None = None

    def end_command() -> None:
        nonlocal words, redirects
        if words or redirects:
            current.append(Command.of(tuple(words), tuple(redirects)))
        words, redirects = [], []

    def end_pipeline() -> None:
        nonlocal current
        end_command()
        if current:
            result.append(tuple(current))
        current = []

    for token, start, end, is_operator in _tokens(text):
        if is_operator:
            if token == "|":
                end_command()
            elif token in _SEPARATORS or token in ("(", ")"):
                end_pipeline()
            elif token == ">&" or token.endswith((">", "<", ">>", "<<", "<<<", ">|")):
                pending = token
            continue
        word = Word(token, start, end)
        if pending is not None:
            redirects.append((pending, word))
            pending = None
        else:
            words.append(word)
    end_pipeline()
    return result


def _tokens(text: str) -> Iterator[tuple[str, int, int, bool]]:
    """(text, start, end, is_operator) for each word and operator of one line."""
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char.isspace():
            i += 1
            continue
        if char == "#":
            return
        if char in "()":
            yield char, i, i + 1, True
            i += 1
            continue
        operator = _operator_at(text, i)
        if operator:
            yield operator, i, i + len(operator), True
            i += len(operator)
            continue
        start = i
        value, i = _word(text, i)
        # `2>file`, `1>>log`: a file-descriptor number glued to a redirection
        if value.isdigit() and i < n and text[i] in "<>":
            operator = _operator_at(text, i) or text[i]
            yield value + operator, start, i + len(operator), True
            i += len(operator)
            continue
        yield value, start, i, False


def _operator_at(text: str, i: int) -> str:
    if text[i] not in "<>|;&":
        return ""
    for operator in _OPERATORS:
        if text.startswith(operator, i):
            return operator
    return ""


def _word(text: str, i: int) -> tuple[str, int]:
    n = len(text)
    out: list[str] = []
    while i < n:
        plain = _PLAIN.match(text, i)
        if plain is not None:
            out.append(plain.group(0))
            i = plain.end()
            continue
        char = text[i]
        if char.isspace() or char in "()" or _operator_at(text, i):
            break
        if char == "\\" and i + 1 < n:
            out.append(text[i + 1])
            i += 2
        elif char == "'":
            close = text.find("'", i + 1)
            if close < 0:  # never closed: the word runs to the end of the line
                out.append(text[i + 1 :])
                i = n
            else:
                out.append(text[i + 1 : close])
                i = close + 1
        elif char == '"':
            i = _double_quoted(text, i + 1, out)
        elif text.startswith("${{", i):
            close = _expression_end(text, i)
            out.append(text[i:close])
            i = close
        elif text.startswith("$(", i) or char == "`":
            close = _balanced(text, i)
            out.append(text[i:close])
            i = close
        else:
            out.append(char)
            i += 1
    return "".join(out), i


def _double_quoted(text: str, i: int, out: list[str]) -> int:
    n = len(text)
    while i < n:
        char = text[i]
        if char == "\\" and i + 1 < n and text[i + 1] in '"\\$`':
            out.append(text[i + 1])
            i += 2
        elif char == '"':
            return i + 1
        elif text.startswith("${{", i):
            close = _expression_end(text, i)
            out.append(text[i:close])
            i = close
        elif text.startswith("$(", i):
            close = _balanced(text, i)
            out.append(text[i:close])
            i = close
        else:
            out.append(char)
            i += 1
    return n


def _expression_end(text: str, i: int) -> int:
    """End offset of a `${{ ... }}` CI expression starting at i (end of text if open)."""
    close = text.find("}}", i)
    return len(text) if close < 0 else close + 2


def _balanced(text: str, i: int) -> int:
    """End offset of `$( ... )` or a backtick span starting at i (end of text if open)."""
    if text[i] == "`":
        close = text.find("`", i + 1)
        return len(text) if close < 0 else close + 1
    depth = 0
    for j in range(i + 1, len(text)):
        if text[j] == "(":
            depth += 1
        elif text[j] == ")":
            depth -= 1
            if depth == 0:
                return j + 1
    return len(text)
