"""Every git call the scanner makes, and the only module that starts a process.

The scanned repository is untrusted, and git obeys its `.git/config`:
`core.fsmonitor`, hooks, pagers, `core.sshCommand`, external diff and
textconv drivers all name commands git would run. Settings given with `-c`
beat the repository's own, so each call switches those doors off, never
prompts, never reaches the network, and gives up after a timeout. Git itself
refuses a repository another user owns (`safe.directory`); that refusal is
kept and reported as `Untrusted`, never overridden.

What is not closed here, and so never used: commands that read the work
tree's file contents through git (`git diff` against the work tree, `git add`,
`git status` with content checks) apply the `.gitattributes` filter drivers
the repository names. History and change scans read objects only: `log
--raw` between commits (object ids, no content), `ls-files -s` and `ls-tree`
(the index and trees), and one streaming `cat-file --batch` for contents;
the lines a change added are compared in Python (`scanner.changes`), never
by `git diff`. `is_dirty` runs `git status` only after emptying every
filter driver configured.
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

TIMEOUT_SECONDS = 60
# A history walk or a batch read of every blob grows with the repository: more time, still bounded.
LONG_TIMEOUT_SECONDS = 1800
_CHUNK = 1 << 20
# Modes whose object is not a file's content: a submodule's commit, a symlink's target.
_NOT_FILES = (b"160000", b"120000")
_HARMLESS = "false"  # a command that does nothing and fails: what a door opens onto
_OVERRIDES = (
    "core.fsmonitor=false",
    "core.untrackedCache=false",
    f"core.hooksPath={os.devnull}",  # not a folder: no hook can be found in it
    "core.pager=cat",
    f"core.editor={_HARMLESS}",
    f"core.sshCommand={_HARMLESS}",
    f"core.askPass={_HARMLESS}",
    f"diff.external={_HARMLESS}",
    "credential.helper=",  # an empty value empties the list of helpers
    "protocol.allow=never",  # no transport, so no fetch from a promisor remote either
    "safe.bareRepository=explicit",  # a bare repository planted in the tree is not entered
    "log.showSignature=false",  # no gpg.program
    "log.showRoot=true",  # the first commit's files are introduced too
)
_ENVIRONMENT = {
    "GIT_TERMINAL_PROMPT": "0",
    "GIT_NO_REPLACE_OBJECTS": "1",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_OPTIONAL_LOCKS": "0",
    "GIT_NO_LAZY_FETCH": "1",
    "GIT_PAGER": "cat",
    "PAGER": "cat",
    "GIT_EDITOR": _HARMLESS,
    "GIT_ASKPASS": _HARMLESS,
    "SSH_ASKPASS": _HARMLESS,
    "GIT_SSH_COMMAND": _HARMLESS,
    "LC_ALL": "C",  # git's messages in English: a refusal is recognised by its words
    "LANGUAGE": "C",
}
# An environment variable naming a command beats the `-c` settings above.
_UNSET = ("GIT_EXTERNAL_DIFF", "GIT_SSH", "GIT_PROXY_COMMAND")
_REFUSED = re.compile(rb"detected dubious ownership|unsafe repository")
_UNOPENED = re.compile(rb"^warning: could not open directory '(.*)': (.*)$", re.MULTILINE)


class Untrusted(Exception):
    """Git will not work in this repository: another user owns it (`safe.directory`)."""


@dataclass(frozen=True, slots=True)
class Listing:
    """The files git lists below a folder, and the folders it could not open there.

    Names are relative to the folder, `/`-separated, as the file system spells
    them (undecodable bytes kept as surrogates, so each names its file). Each
    unopened folder comes with the reason (`Permission denied`): git warns and
    goes on, so its files are neither listed nor known.
    """

    names: tuple[str, ...]
    unopened: tuple[tuple[Path, str], ...] = ()


def toplevel(folder: Path) -> Path | None:
    """The top of the work tree holding `folder`; None outside one or without git."""
    done = _run(folder, "rev-parse", "--show-toplevel")
    if done is None or done.returncode != 0:
        return None
    return Path(os.fsdecode(done.stdout.rstrip(b"\n")))


def ls_files(folder: Path) -> Listing | None:
    """Tracked files and untracked files `.gitignore` keeps, below `folder`; None outside git."""
    done = _run(folder, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
    if done is None or done.returncode != 0:
        return None
    names = tuple(os.fsdecode(n) for n in done.stdout.split(b"\0") if n)
    warned = [(m.group(1), m.group(2)) for m in _UNOPENED.finditer(done.stderr)]
    top = toplevel(folder) if warned else None  # git names them from the top of the tree
    if top is None:
        return Listing(names)
    unopened = tuple(
        (top / os.fsdecode(path), reason.decode("ascii", "replace")) for path, reason in warned
    )
    return Listing(names, unopened)


def is_ignored(folder: Path) -> bool:
    """Whether `.gitignore` (or an exclude file) ignores `folder` itself."""
    done = _run(folder, "check-ignore", "-q", ".")
    return done is not None and done.returncode == 0


def has_commit(git_dir: Path, commit: str) -> bool:
    """Whether the repository at `git_dir` (bare, or a `.git` folder) holds `commit`."""
    done = _run(git_dir, "--git-dir=.", "cat-file", "-e", f"{commit}^{{commit}}")
    return done is not None and done.returncode == 0


def tree_paths(git_dir: Path, commit: str) -> tuple[str, ...]:
    """Every file path of `commit`'s tree, read from objects alone (no work tree, no filter)."""
    done = _run(git_dir, "--git-dir=.", "ls-tree", "-r", "--name-only", "-z", commit)
    if done is None or done.returncode != 0:
        return ()
    return tuple(os.fsdecode(n) for n in done.stdout.split(b"\0") if n)


def blob(git_dir: Path, commit: str, path: str) -> bytes | None:
    """The bytes of `path` at `commit`, as stored: no textconv or filter driver runs."""
    done = _run(git_dir, "--git-dir=.", "cat-file", "blob", f"{commit}:{path}")
    return done.stdout if done is not None and done.returncode == 0 else None


def branch(folder: Path) -> str:
    """The branch checked out (`main`); "" on a detached HEAD or outside git."""
    done = _run(folder, "symbolic-ref", "--quiet", "--short", "HEAD")
    if done is None or done.returncode != 0:
        return ""
    return os.fsdecode(done.stdout.rstrip(b"\n"))


def remote_url(folder: Path, name: str = "origin") -> str:
    """The URL configured for a remote, as written there (it may carry credentials)."""
    done = _run(folder, "config", "--get", f"remote.{name}.url")
    if done is None or done.returncode != 0:
        return ""
    return os.fsdecode(done.stdout.rstrip(b"\n"))


def is_dirty(folder: Path) -> bool | None:
    """Whether the work tree differs from HEAD (tracked changes or untracked files).

    `git status` reads file contents, and for that runs the clean filter a
    `.gitattributes` names, with the command the repository's config gives:
    every filter driver configured is emptied first (git runs no filter with
    an empty command), submodules are not entered, and the index is not
    written. None when a driver's name cannot be overridden, or git fails.
    """
    listed = _run(folder, "config", "--null", "--get-regexp", r"^filter\.")
    if listed is None:
        return None
    emptied: list[str] = []
    for entry in listed.stdout.split(b"\0"):
        key = os.fsdecode(entry.partition(b"\n")[0])
        driver = key[len("filter.") :].rpartition(".")[0]
        if not driver:
            continue
        if "=" in driver:  # `-c` would split the setting there
            return None
        for setting in ("clean", "smudge", "process"):
            emptied += ["-c", f"filter.{driver}.{setting}="]
        emptied += ["-c", f"filter.{driver}.required=false"]
    done = _run(
        folder,
        *emptied,
        "status",
        "--porcelain",
        "-z",
        "--ignore-submodules=all",
        "--untracked-files=normal",
    )
    if done is None or done.returncode != 0:
        return None
    return bool(done.stdout)


@dataclass(frozen=True, slots=True)
class Introduction:
    """A commit that put `blob` at `path`: added it, or changed the file to it."""

    commit: str
    author_date: str  # ISO 8601, as the commit records it
    path: str
    blob: str


def resolve(folder: Path, revision: str) -> str | None:
    """The full sha of the commit `revision` names, or None (never read as an option)."""
    done = _run(folder, "rev-parse", "--verify", "-q", "--end-of-options", f"{revision}^{{commit}}")
    if done is None or done.returncode != 0:
        return None
    return done.stdout.decode("ascii", "replace").strip() or None


def is_shallow(folder: Path) -> bool:
    """Whether the repository is a shallow clone: its oldest commits are grafts, not roots."""
    done = _run(folder, "rev-parse", "--is-shallow-repository")
    return done is not None and done.returncode == 0 and done.stdout.strip() == b"true"


def merge_base(folder: Path, first: str, second: str) -> str | None:
    """The best common ancestor of two commit shas, or None when they share no history."""
    done = _run(folder, "merge-base", first, second)
    if done is None or done.returncode != 0:
        return None
    return done.stdout.decode("ascii", "replace").strip() or None


def introductions(
    folder: Path, include: Sequence[str], exclude: Sequence[str] = (), every_ref: bool = False
) -> list[Introduction]:
    """Every file blob each commit of the walk introduced, oldest commit first.

    The walk is `include` (commit shas) or every ref, minus what `exclude`
    reaches. Each commit is compared with its first parent (a merge lists
    what it brought onto the first-parent line; the side branch's commits
    come earlier, parents always before children), the first with the empty
    tree. Only object ids are compared: `--raw` reads no content, so no
    textconv, filter or external diff driver can run.
    """
    refs = ["--all"] if every_ref else list(include)
    done = _run(
        folder,
        "log",
        "--raw",
        "-z",
        "--no-abbrev",
        "--no-renames",
        "--no-textconv",
        "--no-ext-diff",
        "--no-mailmap",
        "--reverse",
        "--topo-order",
        "--diff-merges=first-parent",
        "--format=%H %aI",
        *refs,
        *(f"^{sha}" for sha in exclude),
        "--",
        timeout=LONG_TIMEOUT_SECONDS,
    )
    if done is None or done.returncode != 0:
        return []
    found: list[Introduction] = []
    commit = date = ""
    fields = iter(done.stdout.split(b"\0"))
    for field in fields:
        field = field.lstrip(b"\n")
        if not field.startswith(b":"):
            if field:
                commit, _, date = field.decode("ascii", "replace").partition(" ")
            continue
        path = next(fields, b"")
        _, mode, _, blob, status = field[1:].split(b" ")
        if status != b"D" and mode not in _NOT_FILES:
            found.append(Introduction(commit, date, os.fsdecode(path), blob.decode("ascii")))
    return found


def files_at(folder: Path, commit: str | None = None) -> dict[str, str]:
    """Path to blob id of every file of `commit`'s tree, or of the index when None.

    Read from objects and the index alone: no work-tree file is opened, so no
    filter runs. Submodules and symlinks are left out (they hold no content).
    """
    if commit is None:
        done = _run(folder, "ls-files", "-s", "-z")
    else:
        done = _run(folder, "ls-tree", "-r", "-z", "--full-tree", commit)
    if done is None or done.returncode != 0:
        return {}
    files: dict[str, str] = {}
    for entry in done.stdout.split(b"\0"):
        meta, tab, path = entry.partition(b"\t")
        parts = meta.split(b" ")
        if not tab or len(parts) != 3 or parts[0] in _NOT_FILES:
            continue
        blob = parts[1] if commit is None else parts[2]
        if commit is None and parts[2] != b"0":
            continue  # a conflicted entry: no single staged content
        files[os.fsdecode(path)] = blob.decode("ascii")
    return files


def read_blobs(
    folder: Path, blobs: Iterable[str], limit: int
) -> Iterator[tuple[str, bytes | None]]:
    """Each blob's bytes as stored, in the order asked; None for one over `limit` bytes or missing.

    One `git cat-file --batch` process serves them all (no textconv, no
    filter: neither is asked for). The ids go in through a file, so git never
    waits on a full pipe while this side reads. The process is killed when it
    outlives LONG_TIMEOUT_SECONDS or when the caller stops reading.
    """
    with tempfile.TemporaryFile() as asked:
        count = 0
        for blob in blobs:
            asked.write(blob.encode("ascii") + b"\n")
            count += 1
        if not count:
            return
        asked.seek(0)
        try:
            process = subprocess.Popen(
                _command(folder, "cat-file", "--batch"),
                stdin=asked,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env=_environment(),
            )
        except OSError:
            return
        timer = threading.Timer(LONG_TIMEOUT_SECONDS, process.kill)
        timer.start()
        try:
            assert process.stdout is not None
            yield from _batch(process.stdout, count, limit)
        finally:
            timer.cancel()
            process.kill()
            process.wait()


def _batch(stream: IO[bytes], count: int, limit: int) -> Iterator[tuple[str, bytes | None]]:
    for _ in range(count):
        header = stream.readline()
        if not header:
            return  # git stopped early (killed, or the repository is unreadable)
        name, _, rest = header.rstrip(b"\n").partition(b" ")
        blob = name.decode("ascii", "replace")
        kind, _, size_text = rest.partition(b" ")
        if not size_text:
            yield blob, None  # "<id> missing"
            continue
        size = int(size_text)
        if kind != b"blob" or size > limit:
            _skip(stream, size + 1)
            yield blob, None
            continue
        data = stream.read(size)
        stream.read(1)  # the newline after the content
        yield blob, data


def _skip(stream: IO[bytes], size: int) -> None:
    while size > 0:
        got = stream.read(min(size, _CHUNK))
        if not got:
            return
        size -= len(got)


def _command(folder: Path, *args: str) -> list[str]:
    overrides = [arg for setting in _OVERRIDES for arg in ("-c", setting)]
    return ["git", "--no-pager", *overrides, "-C", str(folder), *args]


def _run(
    folder: Path, *args: str, timeout: float = TIMEOUT_SECONDS
) -> subprocess.CompletedProcess[bytes] | None:
    """git's answer in `folder`, with every repository-controlled command switched off.

    None when git is not installed or does not answer in time.
    """
    try:
        done = subprocess.run(
            _command(folder, *args),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            check=False,
            timeout=timeout,
            env=_environment(),
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0 and _REFUSED.search(done.stderr):
        raise Untrusted(str(folder))
    return done


def _environment() -> dict[str, str]:
    inherited = {k: v for k, v in os.environ.items() if k not in _UNSET}
    return {**inherited, **_ENVIRONMENT}
