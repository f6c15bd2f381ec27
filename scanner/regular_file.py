"""Reading a file the scanner is told to read itself: a config file or a saved result.

Such a path may come from the scanned repository, so it may be a FIFO (opening
it blocks until a writer comes), a device, or a file of any size. The file is
opened without blocking and judged by the descriptor, not by an earlier
`stat`, so a swap between the check and the read changes nothing.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


class Refused(Exception):
    """Why the file was not read, in words fit for a one-line error (no content)."""


def read(path: Path, limit: int) -> bytes:
    """The whole file, when it is a regular file of at most `limit` bytes."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        descriptor = os.open(path, flags | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        raise Refused("cannot be read") from None
    with os.fdopen(descriptor, "rb") as handle:
        try:
            status = os.fstat(descriptor)
            if not stat.S_ISREG(status.st_mode):
                raise Refused("not a regular file")
            if status.st_size > limit:
                raise Refused(f"larger than {limit} bytes")
            data = handle.read(limit + 1)
        except OSError:
            raise Refused("cannot be read") from None
    if len(data) > limit:
        raise Refused(f"larger than {limit} bytes")
    return data
