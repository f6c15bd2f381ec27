"""Every git call the scanner makes, and the only module that starts a process.

The scanned repository is untrusted, and git obeys its `.git/config`:
`core.fsmonitor`, hooks, pagers, `core.sshCommand`, external diff and
textconv drivers all name commands git would run. Settings given with `-c`
beat the repository's own, so each call switches those doors off, never
prompts, never reaches the network, and gives up after a timeout. Git itself
refuses a repository another user owns (`safe.directory`); that refusal is
kept and reported as `Untrusted`, never overridden.

What is not closed here, and so never used: commands that read the work
tree's file contents through git (`git diff` against the work tree, `git add`)
apply the `.gitattributes` filter drivers the repository names; `is_dirty`
runs `git status` only after emptying every filter driver configured. History and diff features must read objects only
(`rev-list --objects`, `cat-file --batch`, `diff --no-ext-diff --no-textconv`
between commits) and add their call here.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

TIMEOUT_SECONDS = 60
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


def head(folder: Path) -> str | None:
    """The commit checked out in the work tree holding `folder`; None outside git or unborn."""
    done = _run(folder, "rev-parse", "--verify", "--quiet", "HEAD^{commit}")
    if done is None or done.returncode != 0:
        return None
    return done.stdout.decode("ascii", "replace").strip()


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


def _run(folder: Path, *args: str) -> subprocess.CompletedProcess[bytes] | None:
    """git's answer in `folder`, with every repository-controlled command switched off.

    None when git is not installed or does not answer in time.
    """
    overrides = [arg for setting in _OVERRIDES for arg in ("-c", setting)]
    command = ["git", "--no-pager", *overrides, "-C", str(folder), *args]
    try:
        done = subprocess.run(
            command,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            check=False,
            timeout=TIMEOUT_SECONDS,
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
