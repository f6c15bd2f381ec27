"""A notification as one phrase, the same in every CI format.

A notification is about the file's analysis (skipped, partly analysed) or,
since inline ignores are checked, about an ignore comment that does nothing;
the CI formats that list them say which, with the kind and its detail.
"""

from __future__ import annotations

from scanner.model import Notification, NotificationKind


def described(note: Notification) -> str:
    """`not fully analysed (parse-error: Python syntax error)`, or about an ignore comment."""
    if note.kind is NotificationKind.STALE_BASELINE:
        what = "baseline entry that matches nothing"
    elif note.about_ignore:
        what = "ignore comment that does nothing"
    else:
        what = "not fully analysed"
    why = f"{note.kind.value}: {note.detail}" if note.detail else note.kind.value
    return f"{what} ({why})"
