"""The files inside an archive (zip, wheel, jar, tar, tar.gz, gz), read in memory, never extracted.

A secret in a shipped wheel or a backup tarball is as leaked as one in the
tree, so archives are opened, and hostile ones are expected: a zip bomb
stops at the per-file limit and the archive's byte budget; an archive inside
an archive is opened to `MAX_DEPTH` levels; a member named `../x` or `/x`,
a link, a device or an encrypted member is not read, and said so. Nothing
is written to disk: members are read through `zipfile`, `tarfile` and `gzip`
from bytes already in memory. A member is named `outer.zip!inner/path.env`.
"""

from __future__ import annotations

import gzip
import io
import lzma
import tarfile
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

from scanner.discovery import report_name
from scanner.model import Notification, NotificationKind

MAX_DEPTH = 3  # an archive in an archive in an archive is read; one level deeper is not
MAX_MEMBERS = 10_000  # per outermost archive
MAX_TOTAL_BYTES = 64 * 1024 * 1024  # uncompressed bytes read per outermost archive
SEPARATOR = "!"
_ZIP = (".zip", ".whl", ".jar")
_TAR = (".tar", ".tar.gz", ".tgz")
_GZIP = (".gz",)


@dataclass(frozen=True, slots=True)
class Member:
    """A regular file inside an archive: its report name and its bytes."""

    name: str
    data: bytes


@dataclass(slots=True)
class _Budget:
    """What is left of one outermost archive's allowance, shared by its nested archives."""

    members: int = MAX_MEMBERS
    bytes: int = MAX_TOTAL_BYTES


def is_archive(name: str) -> bool:
    return name.lower().endswith((*_ZIP, *_TAR, *_GZIP))


def members(name: str, data: bytes, limit: int) -> Iterator[Member | Notification]:
    """Every regular member of the archive `name` holding `data`, nested archives opened.

    A member over `limit` bytes, or past the archive's budget, is a
    `too-large` notification; one that cannot or must not be read is
    `unreadable`. Never raises for the archive's sake.
    """
    yield from _open(name, data, limit, 1, _Budget())


def _open(
    name: str, data: bytes, limit: int, depth: int, budget: _Budget
) -> Iterator[Member | Notification]:
    lower = name.lower()
    try:
        if lower.endswith(_ZIP):
            found = _zip_members(name, data, limit, budget)
        elif lower.endswith(_TAR):
            found = _tar_members(name, data, limit, budget)
        else:
            found = _gzip_member(name, data, limit, budget)
        for item in found:
            if isinstance(item, Member) and is_archive(item.name):
                if depth >= MAX_DEPTH:
                    yield _note(item.name, NotificationKind.TOO_LARGE, _too_deep())
                    continue
                yield from _open(item.name, item.data, limit, depth + 1, budget)
            else:
                yield item
    except (
        zipfile.BadZipFile,
        tarfile.TarError,
        OSError,
        EOFError,
        zlib.error,
        lzma.LZMAError,  # a zip or tar.xz member whose LZMA stream is damaged
        ValueError,
        NotImplementedError,  # a compression method zipfile does not know
        RuntimeError,
    ):
        yield _note(name, NotificationKind.UNREADABLE, "not a readable archive")


def _zip_members(
    name: str, data: bytes, limit: int, budget: _Budget
) -> Iterator[Member | Notification]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            if info.is_dir():
                continue
            inner = _inner_name(info.filename)
            where = f"{name}{SEPARATOR}{inner or '?'}"
            mode = info.external_attr >> 16
            if inner is None or (mode & 0o170000) == 0o120000:  # unsafe name, or a symlink
                yield _note(name, NotificationKind.UNREADABLE, _refused(info.filename, mode))
                continue
            if info.flag_bits & 0x1:
                yield _note(where, NotificationKind.UNREADABLE, "encrypted member")
                continue
            if not _spend(budget):
                yield _note(name, NotificationKind.TOO_LARGE, _over_budget())
                return
            with archive.open(info) as handle:
                yield _bounded(where, handle.read(limit + 1), limit, budget)


def _tar_members(
    name: str, data: bytes, limit: int, budget: _Budget
) -> Iterator[Member | Notification]:
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:*") as archive:
        for info in archive:
            if not info.isfile():  # folders, links, devices: no content of their own to read
                continue
            inner = _inner_name(info.name)
            if inner is None:
                yield _note(name, NotificationKind.UNREADABLE, _refused(info.name, 0))
                continue
            where = f"{name}{SEPARATOR}{inner}"
            if not _spend(budget) or info.offset_data + info.size > MAX_TOTAL_BYTES:
                yield _note(name, NotificationKind.TOO_LARGE, _over_budget())
                return
            if info.size > limit:
                yield _note(where, NotificationKind.TOO_LARGE, f"over {limit} bytes")
                continue
            handle = archive.extractfile(info)
            if handle is not None:
                yield _bounded(where, handle.read(limit + 1), limit, budget)


def _gzip_member(
    name: str, data: bytes, limit: int, budget: _Budget
) -> Iterator[Member | Notification]:
    inner = name.rpartition("/")[2][: -len(".gz")] or "?"
    if not _spend(budget):
        yield _note(name, NotificationKind.TOO_LARGE, _over_budget())
        return
    with gzip.GzipFile(fileobj=io.BytesIO(data)) as handle:
        yield _bounded(f"{name}{SEPARATOR}{inner}", handle.read(limit + 1), limit, budget)


def _spend(budget: _Budget) -> bool:
    """Take one member from the budget; False when none is left (nor bytes)."""
    if budget.members <= 0 or budget.bytes <= 0:
        return False
    budget.members -= 1
    return True


def _bounded(where: str, read: bytes, limit: int, budget: _Budget) -> Member | Notification:
    budget.bytes -= len(read)
    if len(read) > limit:
        return _note(where, NotificationKind.TOO_LARGE, f"over {limit} bytes")
    return Member(where, read)


def _inner_name(raw: str) -> str | None:
    """The member's path with `/` separators, or None when it would leave the archive's folder."""
    path = raw.replace("\\", "/")
    parts = [p for p in path.split("/") if p not in ("", ".")]
    if path.startswith("/") or ".." in parts or not parts or ":" in parts[0]:
        return None
    return report_name("/".join(parts))  # a tar name may hold bytes that are not UTF-8


def _refused(raw: str, mode: int) -> str:
    if (mode & 0o170000) == 0o120000:
        return "a symbolic link member, not followed"
    return "a member named to leave the archive (absolute or ../), not read"


def _too_deep() -> str:
    return f"an archive nested deeper than {MAX_DEPTH} levels, not opened"


def _over_budget() -> str:
    return f"more than {MAX_MEMBERS} members or {MAX_TOTAL_BYTES} bytes: the rest not read"


def _note(name: str, kind: NotificationKind, detail: str) -> Notification:
    return Notification(name, kind, detail)
