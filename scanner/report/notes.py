"""A notification as one phrase, the same in every CI format.

A notification is about the file's analysis (skipped, partly analysed) or,
since inline ignores are checked, about an ignore comment that does nothing;
the CI formats that list them say which, with the kind and its detail.
"""

from __future__ import annotations

from scanner.model import Notification


def described(note: Notification) -> str:
    """`not fully analysed (parse-error: Python syntax error)`, or about an ignore comment."""
    what = "ignore comment that does nothing" if note.about_ignore else "not fully analysed"
    why = f"{note.kind.value}: {note.detail}" if note.detail else note.kind.value
    return f"{what} ({why})"
