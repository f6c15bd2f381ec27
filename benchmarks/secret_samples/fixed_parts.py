"""Which sample values carry a format: a fixed part their own detector's regex demands.

Issue 11 asks that the format alone (a neutral YAML key, so only SEC002 can
tell) recognise 90% of the true values. Many providers' keys have no fixed
part at all (TruffleHog's `apacta` key is `[a-z0-9-]{36}`), and no format can
tell such a value from any other string; the score reports format recall
over the values that do carry one, beside the raw number, so the gap that a
catalogue entry can close is measured apart from the one it cannot.

The test is mechanical and reads only upstream text: a value carries a
format when a capturing group of one of its detector's regexes (gitleaks:
the rule functions' `Regex`; TruffleHog: the `regexp.MustCompile` patterns of
the detector's package, keyword prefixes left out) matches the whole value
and demands a fixed part:

- a run of two or more literal characters (`rootly_`, `SG.`, `AccountKey=`,
  `://`, an alternation of such words like `(?:proj|svcacct)`), or
- a single literal that is not a letter, digit, `-`, `_`, `=`, quote or
  space (the `:` of a Telegram token, the dot of `hex.hex`); `-` and `_`
  alone are not enough, since UUIDs and base64url alphabets have them
  anywhere, nor base64's `=` padding.

Literals inside an optional or repeated part do not count: only what every
match holds. A value that no group of its detector matches whole (a regex
this reader cannot evaluate, parts the detector joins) is `unmatched` and
counted apart.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

try:  # Python 3.11+: the parser moved and the old name warns
    from re import _constants as sre_c  # type: ignore[attr-defined]
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - older Pythons
    import sre_constants as sre_c  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

from detector_samples import Sample, go_tokens, py_pattern, read_gitleaks

# Alone, these tell nothing: UUIDs and base64url alphabets have `-` and `_` anywhere, base64
# pads with `=`, and a quote or a space is the context around a value, not a part of it.
_WEAK = frozenset("-_=\"'` ")


@dataclass(frozen=True)
class Verdict:
    """Whether a value carries a format: `fixed` (with the part), `none` or `unmatched`."""

    kind: str
    part: str = ""


# ---------------------------------------------------------------- regex text


def capture_groups(pattern: str) -> list[str]:
    """The text of every capturing group of a (Python-syntax) pattern, in order of opening."""
    groups: list[str] = []
    stack: list[tuple[int, int | None]] = []  # (where it opens, its number if capturing)
    i, in_class = 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
            lead = (
                2 if pattern.startswith("^]", i + 1) else 1 if pattern.startswith("]", i + 1) else 0
            )
            i += lead  # a `]` first in a class is a member, not its end
        elif c == "(":
            capturing = not pattern.startswith("?", i + 1) or pattern.startswith("?P<", i + 1)
            stack.append((i, len(groups) if capturing else None))
            if capturing:
                groups.append("")
        elif c == ")" and stack:
            start, number = stack.pop()
            if number is not None:
                body = pattern[start + 1 : i]
                groups[number] = body[body.index(">") + 1 :] if body.startswith("?P<") else body
        i += 1
    return groups


def fixed_part(group: str, flags: int = 0) -> str | None:
    """The first fixed part every match of `group` holds (see the module docstring), or None."""
    try:
        parsed = sre_parse.parse(group, flags)
    except (re.error, OverflowError, RecursionError):
        return None
    return _fixed_in(list(parsed))


def _fixed_in(items: list[tuple[object, object]]) -> str | None:
    run: list[str] = []
    for op, arg in [*items, (None, None)]:
        word = _required_word(op, arg)
        if word is not None:
            run.append(word)
            continue
        text = "".join(run)
        if len(text) >= 2 or (text and not text.isalnum() and text not in _WEAK):
            return text
        run = []
        inner = _inner(op, arg)
        if inner is not None and (found := _fixed_in(inner)) is not None:
            return found
    return None


def _required_word(op: object, arg: object) -> str | None:
    """The literal text a node always matches, when it is one (a literal, a word alternation)."""
    if op is sre_c.LITERAL:
        return chr(arg)  # type: ignore[arg-type]
    if op is sre_c.BRANCH:
        words = []
        for alt in arg[1]:  # type: ignore[index]
            if not alt or not all(o is sre_c.LITERAL for o, _ in alt):
                return None
            words.append("".join(chr(a) for _, a in alt))
        return min(words, key=len) if min(len(w) for w in words) >= 2 else None
    if op is sre_c.SUBPATTERN:
        sub = list(arg[-1])  # type: ignore[index]
        if len(sub) == 1:
            return _required_word(*sub[0])
        if sub and all(o is sre_c.LITERAL for o, _ in sub):
            return "".join(chr(a) for _, a in sub)  # type: ignore[arg-type]
    return None


def _inner(op: object, arg: object) -> list[tuple[object, object]] | None:
    """The nodes inside a group, or inside a repeat every match passes through at least once."""
    if op is sre_c.SUBPATTERN:
        return list(arg[-1])  # type: ignore[index]
    if op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT) and arg[0] >= 1:  # type: ignore[index]
        return list(arg[2])  # type: ignore[index]
    return None


def judge(value: str, patterns: list[str]) -> Verdict:
    """Whether `value` carries a format, by the capturing groups of its detector's patterns."""
    matched = False
    for pattern in patterns:
        flags = re.IGNORECASE if pattern.startswith("(?i)") else 0
        body = pattern[4:] if flags else pattern
        for group in capture_groups(body) or [body]:
            try:
                whole = re.fullmatch(group, value, flags)
            except (re.error, OverflowError, RecursionError):
                continue
            if whole is None:
                continue
            matched = True
            if (part := fixed_part(group, flags)) is not None:
                return Verdict("fixed", part)
    return Verdict("none") if matched else Verdict("unmatched")


# ---------------------------------------------------------------- upstream patterns


def gitleaks_patterns(text: str) -> list[str]:
    """The regex of every rule function of a gitleaks rules file, in Python syntax."""
    return [py_pattern(r.regex) for r in read_gitleaks(text, seed="patterns") if r.regex]


def trufflehog_patterns(text: str) -> list[str]:
    """The `regexp.MustCompile` patterns of a TruffleHog detector source file, in Python syntax.

    String literals directly inside the call are joined; those inside a nested
    call (`detectors.PrefixRegex([]string{"acme"})`, the keyword a value must
    follow) are context, not part of the value, and are left out.
    """
    toks = go_tokens(text)
    out: list[str] = []
    for i, tok in enumerate(toks):
        if tok.text != "MustCompile" or i + 1 >= len(toks) or toks[i + 1].text != "(":
            continue
        depth, parts = 0, []
        for t in toks[i + 1 :]:
            if t.kind == "punct" and t.text in "({[":
                depth += 1
            elif t.kind == "punct" and t.text in ")}]":
                depth -= 1
                if depth == 0:
                    break
            elif t.kind == "str" and depth == 1:
                parts.append(t.text)
        if parts:
            out.append(py_pattern("".join(parts)))
    return out


def classify(
    samples: list[Sample], read: dict[str, str]
) -> dict[tuple[str, str, int, str], Verdict]:
    """Each sample's verdict, from the upstream files `read` maps path -> text.

    A gitleaks sample is judged by the regexes of its own rules file, a
    TruffleHog one by those of every non-test Go file of its detector's folder.
    """
    by_file: dict[str, list[str]] = {}
    out: dict[tuple[str, str, int, str], Verdict] = {}
    for s in samples:
        if s.file not in by_file:
            if s.source == "gitleaks":
                by_file[s.file] = gitleaks_patterns(read.get(s.file, ""))
            else:
                folder = s.file.rsplit("/", 1)[0] + "/"
                by_file[s.file] = [
                    p
                    for path, text in sorted(read.items())
                    if path.startswith(folder)
                    and "/" not in path[len(folder) :]
                    and not path.endswith("_test.go")
                    for p in trufflehog_patterns(text)
                ]
        out[s.key] = judge(s.value, by_file[s.file])
    return out


def save(verdicts: dict[tuple[str, str, int, str], Verdict], path: Path) -> None:
    rows = [[*k, v.kind, v.part] for k, v in sorted(verdicts.items())]
    path.write_text(json.dumps(rows), encoding="utf-8")


def load(path: Path) -> dict[tuple[str, str, int, str], Verdict] | None:
    if not path.is_file():
        return None
    rows = json.loads(path.read_text(encoding="utf-8"))
    return {(r[0], r[1], int(r[2]), r[3]): Verdict(r[4], r[5]) for r in rows}
