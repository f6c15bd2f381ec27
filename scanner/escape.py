"""Scanned text made inert for every output channel: terminals, CI logs, viewers.

A file name or a YAML key is the scanned repository talking. Printed raw, a
newline in a name forges a line of the CI log (`::warning::...` is a GitHub
Actions command), a carriage return or ESC rewrites what the terminal shows,
and a bidi override (U+202E) makes `exe.txt` read as `txt.exe`. So every
character in Unicode's control (Cc: C0, DEL, C1), format (Cf: bidi, zero
width), surrogate (Cs: undecodable file name bytes) and line/paragraph
separator (Zl, Zp) categories is shown as a visible escape: `\\x0a`,
`\\u202e`. Text is escaped, never dropped, so the reader still sees that the
name held something odd.

`visible` is for plain text (text report, stderr, HTML, SARIF snippets);
`sarif_message` adds SARIF 2.1.0's escaping of `[` and `]`, which a viewer
would otherwise read as an embedded link (§3.11.6); `markdown_text` escapes
every Markdown punctuation character, for fields GitLab renders as Markdown
(a scanned `![x](https://...)` would otherwise load an image);
`workflow_data` and `workflow_property` encode what GitHub Actions' runner
decodes in a workflow command (`%`, CR, LF, and in a property `:` and `,`),
so a name cannot end the command or add a property; `json_document` escapes
the same characters in a JSON document as JSON escapes, so the data stays
exact when parsed back but the file shows nothing raw.
"""

from __future__ import annotations

import re
import unicodedata

_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
# The only characters that can be unsafe; a report is mostly ASCII, so most text is skipped in C.
_NOT_PRINTABLE_ASCII = re.compile(r"[^\x20-\x7e]")


def is_unsafe(char: str) -> bool:
    return unicodedata.category(char) in _UNSAFE_CATEGORIES


def visible(text: str) -> str:
    """`text` with every unsafe character as `\\xNN`, `\\uXXXX` or `\\UXXXXXXXX`."""
    return _NOT_PRINTABLE_ASCII.sub(lambda m: _escape(m[0]) if is_unsafe(m[0]) else m[0], text)


def sarif_message(text: str) -> str:
    """A SARIF plain-text `message.text`: visible, with `[` and `]` never read as a link."""
    return re.sub(r"([\[\]])", r"\\\1", visible(text))


_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~])")


def markdown_text(text: str) -> str:
    """Visible text that Markdown renders as itself: no link, image, emphasis or HTML."""
    return _MARKDOWN.sub(r"\\\1", visible(text))


def workflow_data(text: str) -> str:
    """A GitHub Actions workflow command's message: visible, `%`, CR and LF encoded."""
    return visible(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def workflow_property(text: str) -> str:
    """A workflow command's property value (`file=...`): as data, with `:` and `,` too."""
    return workflow_data(text).replace(":", "%3A").replace(",", "%2C")


def json_document(dumped: str) -> str:
    """A JSON text with every unsafe character inside its strings as a `\\uXXXX` escape.

    Outside strings a JSON text holds only ASCII punctuation, digits, letters
    and whitespace, so replacing every unsafe character but the layout's own
    newlines is a change inside strings only.
    """
    return _NOT_PRINTABLE_ASCII.sub(
        lambda m: _json_escape(m[0]) if m[0] != "\n" and is_unsafe(m[0]) else m[0], dumped
    )


def _escape(char: str) -> str:
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a file name's byte that is not UTF-8, as `report_name` shows it
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def _json_escape(char: str) -> str:
    code = ord(char)
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    high, low = divmod(code - 0x10000, 0x400)
    return f"\\u{0xD800 + high:04x}\\u{0xDC00 + low:04x}"
