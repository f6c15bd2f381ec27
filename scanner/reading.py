"""Read a file discovery listed, and nothing else that may have taken its place.

The scanner's own inputs (a config file, a saved result) go through here
too: their path may come from the scanned repository as well.

Between discovery and reading the tree can change under the scan: the file
may become a FIFO (an open would wait forever for a writer), a device, or a
link to a place outside the root (its secret would be reported under the
inside name). The file is opened without following a link and without
waiting, its descriptor is checked to be a regular file, and its real
location must still be the path discovery vetted.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
)


DESCRIPTORS = "/proc/self/fd"  # Linux: each open descriptor as a link to its file


class Refused(Exception):
    """The path is not a regular file that may be read; the message says what it is."""


def read_listed(path: str, limit: int) -> bytes:
    """At most `limit` bytes of the regular file at `path`, a real path discovery vetted.

    Raises `Refused`, or the `OSError` of a file that is gone or unreadable.
    """
    with open_listed(path) as handle:
        return handle.read(limit)


@contextlib.contextmanager
def open_listed(path: str) -> Iterator[BinaryIO]:
    """The regular file at `path`, opened as `read_listed` opens it, to be read in blocks."""
    try:
        descriptor = os.open(path, _FLAGS)
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # O_NOFOLLOW met a link where the file was
            raise Refused("moved after discovery") from None
        raise
    with open(descriptor, "rb", closefd=True) as handle:
        found = os.fstat(descriptor)
        if stat.S_ISDIR(found.st_mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), path)
        if not stat.S_ISREG(found.st_mode):
            raise Refused("not a regular file")
        if not _still_in_place(path, descriptor, found):
            raise Refused("moved after discovery")
        os.set_blocking(descriptor, True)
        yield handle


def read_regular(path: Path, limit: int) -> bytes:
    """The whole file at `path`, a config file or a saved result, when it is regular.

    Unlike a listed file it may be reached through a link (`--config` often
    is one); like one, it is opened without waiting and judged by its
    descriptor, and a file over `limit` bytes is refused rather than cut.
    """
    try:
        descriptor = os.open(path, _FLAGS & ~getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        raise Refused("cannot be read") from None
    with open(descriptor, "rb", closefd=True) as handle:
        try:
            found = os.fstat(descriptor)
            if not stat.S_ISREG(found.st_mode):
                raise Refused("not a regular file")
            if found.st_size > limit:
                raise Refused(f"larger than {limit} bytes")
            os.set_blocking(descriptor, True)
            data = handle.read(limit + 1)
        except OSError:
            raise Refused("cannot be read") from None
    if len(data) > limit:
        raise Refused(f"larger than {limit} bytes")
    return data


def _still_in_place(path: str, descriptor: int, opened: os.stat_result) -> bool:
    """No folder on the way became a link, and the path names the file that was opened.

    Linux names an open descriptor's file in `/proc` in one call; elsewhere
    the path is resolved a folder at a time (one `lstat` each).
    """
    try:
        return os.readlink(f"{DESCRIPTORS}/{descriptor}") == os.path.abspath(path)
    except OSError:
        pass
    real = os.path.realpath(path)
    if real != os.path.abspath(path):
        return False
    try:
        return os.path.samestat(os.stat(real, follow_symlinks=False), opened)
    except OSError:
        return False
