"""The `nhiguard` command: parse, configure, scan, render, choose the exit code.

Exit codes: 0 no finding at or above --fail-on; 1 findings at or above it,
or a file the scanner failed to analyse (--fail-on-incomplete); 2 the
scanner itself failed (usage, configuration, internal error). Click
exits 1 on its own errors and on Ctrl-C, which a CI gate would read as
"findings", so every such path is mapped to 2 here; so is SIGTERM (how CI
runners cancel a job), which would otherwise end the process with 143 and
orphan the workers of a process pool.
"""

from __future__ import annotations

import contextlib
import dataclasses
import importlib
import os
import re
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any, NoReturn

import click

from scanner import __version__, catalog, configuration, masking, tracebacks
from scanner.errors import NhiguardError, UsageError
from scanner.escape import visible
from scanner.model import Audit, Level, Notification, NotificationKind, Rule, ScanResult

if TYPE_CHECKING:
    from scanner.changes import Scope
    from scanner.discovery import FileRef

FORMATS = (
    "text",
    "json",
    "sarif",
    "html",
    "gitlab-secrets",
    "gitlab-sast",
    "codeclimate",
    "junit",
    "github",
)
EXIT_HELP = (
    "Exit codes: 0 no unsuppressed finding at or above --fail-on; "
    "1 findings at or above --fail-on, or a file not fully analysed for a reason "
    "--fail-on-incomplete lists (by default the scanner's own failures: "
    "analyzer-error, analyzer-crash), --fail-on-unscanned or --strict-ignores adds; "
    "2 usage, configuration or internal error."
)


class _Terminated(BaseException):
    """SIGTERM, raised in the main thread so that every `finally` and the pool's cleanup run.

    Not an Exception: the analyzers' containment must not swallow it.
    """


def _on_sigterm(signum: int, frame: FrameType | None) -> NoReturn:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # a second one must not cut the cleanup short
    raise _Terminated


class _Group(click.Group):
    """Maps click's own failures, Ctrl-C and internal errors to exit code 2.

    An unexpected exception is one line naming its type (its text may quote
    a scanned line, secret included); `--debug` adds a traceback that keeps
    that rule (`scanner.tracebacks`).
    """

    def main(self, *args: Any, **kwargs: Any) -> Any:
        argv: Sequence[str] | None = kwargs.get("args", args[0] if args else None)
        if argv is None:
            argv = sys.argv[1:]
        kwargs["standalone_mode"] = False
        previous = _catch_sigterm()
        try:
            code = super().main(*args, **kwargs)
        except click.exceptions.NoArgsIsHelpError as exc:  # pragma: no cover - click >= 8.2
            click.echo(exc.ctx.get_help() if exc.ctx else "", err=True)
            sys.exit(2)
        except click.ClickException as exc:
            exc.show()
            sys.exit(2)
        except (click.Abort, KeyboardInterrupt):
            click.echo("nhiguard: interrupted", err=True)
            sys.exit(2)
        except _Terminated:
            click.echo("nhiguard: terminated", err=True)
            sys.exit(2)
        except NhiguardError as exc:
            click.echo(f"nhiguard: error: {visible(str(exc))}", err=True)
            sys.exit(exc.exit_code)
        except Exception as exc:
            if "--debug" in argv:
                click.echo(tracebacks.format_exception(exc), err=True, nl=False)
            click.echo(
                f"nhiguard: internal error: {type(exc).__name__} (rerun with --debug for a traceback)",
                err=True,
            )
            sys.exit(2)
        finally:
            if previous is not None:
                signal.signal(signal.SIGTERM, previous)
        sys.exit(code if isinstance(code, int) else 0)


def _catch_sigterm() -> Any:
    """Turn SIGTERM into `_Terminated`; the previous handler, or None where that is impossible."""
    try:
        return signal.signal(signal.SIGTERM, _on_sigterm)
    except ValueError:  # not the main thread (an embedding application's worker thread)
        return None


@click.group(cls=_Group, epilog=EXIT_HELP)
@click.version_option(__version__, prog_name="nhiguard")
def main() -> None:
    """Find leaked non-human-identity secrets and broken JWT/HMAC authentication."""


# Options shared by scan, history and baseline.
_FORMAT = click.option(
    "--format", "output_format", type=click.Choice(FORMATS), default="text", show_default=True
)
_OUTPUT = click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the report here instead of stdout.",
)
_FAIL_ON = click.option(
    "--fail-on",
    type=click.Choice(configuration.FAIL_ON),
    default=None,
    help="Lowest level that makes the exit code 1.  [default: low, or fail-on from config]",
)
_CONFIG = click.option(
    "--config",
    "config_path",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="Config file (default: nearest .nhiguard.toml or pyproject.toml with [tool.nhiguard]).",
)
_NO_COLOR = click.option(
    "--no-color", is_flag=True, help="Never colour the text report (NO_COLOR is honoured too)."
)
_QUIET = click.option(
    "--quiet",
    "-q",
    is_flag=True,
    help="Print nothing when there is no finding; with --output, no summary line on stderr.",
)
_JOBS = click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1, max=configuration.MAX_JOBS, clamp=True),
    default=None,
    help="Worker processes (default: CPU count; more than 4 times the CPU count are lowered to that).",
)
_DEBUG = click.option(
    "--debug", is_flag=True, help="Show tracebacks: re-raise analyzer and internal errors."
)
_BASELINE = click.option(
    "--baseline",
    "baseline_path",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="Accept the findings this baseline file holds (`nhiguard baseline` writes it).",
)


@main.command(epilog=EXIT_HELP)
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path, exists=True))
@_FORMAT
@_OUTPUT
@_FAIL_ON
@click.option(
    "--fail-on-incomplete",
    metavar="KIND[,KIND]|never",
    default=None,
    help="Notification kinds that make the exit code 1 (kinds: "
    + ", ".join(k.value for k in NotificationKind)
    + ").  [default: analyzer-error,analyzer-crash, or fail-on-incomplete from config]",
)
@click.option(
    "--exclude",
    multiple=True,
    metavar="GLOB",
    help="Skip matching paths (repeatable); explicitly named files are still scanned.",
)
@_CONFIG
@click.option(
    "--no-inline-ignores",
    is_flag=True,
    help="Report findings even where an inline nhiguard: ignore comment accepts them.",
)
@click.option(
    "--strict-ignores",
    is_flag=True,
    help="Exit 1 when an inline ignore names no rule or suppresses nothing "
    "(strict-ignores in config).",
)
@click.option(
    "--fail-on-unscanned",
    is_flag=True,
    help="Exit 1 when a file could not be read: too large, unreadable, or an archive member "
    "past the limits (fail-on-unscanned in config).",
)
@_NO_COLOR
@_QUIET
@_JOBS
@_DEBUG
@_BASELINE
@click.option(
    "--diff",
    "diff_ref",
    metavar="REF",
    help="Report only lines added or changed since the merge base with REF "
    "(the whole repository is still scanned for linking and reuse).",
)
@click.option(
    "--staged",
    is_flag=True,
    help="Scan the index (what the next commit holds), not the work tree; report the staged "
    "files, or the named PATHS.",
)
@click.option(
    "--force-exclude",
    is_flag=True,
    help="Apply the configured excludes to files named on the command line too (pre-commit).",
)
def scan(
    paths: tuple[Path, ...],
    output_format: str,
    output: Path | None,
    fail_on: str | None,
    fail_on_incomplete: str | None,
    exclude: tuple[str, ...],
    config_path: Path | None,
    no_inline_ignores: bool,
    strict_ignores: bool,
    fail_on_unscanned: bool,
    no_color: bool,
    quiet: bool,
    jobs: int | None,
    debug: bool,
    baseline_path: Path | None,
    diff_ref: str | None,
    staged: bool,
    force_exclude: bool,
) -> int:
    """Scan PATHS (default: the current folder) and report findings.

    A PATH that does not exist is a usage error (exit 2), never a silent pass.
    """
    from dataclasses import replace

    from scanner import changes

    if diff_ref is not None and staged:
        raise UsageError("--diff and --staged: choose one")
    _warn_short_salt()
    rules = catalog.load()
    targets = list(paths) or [Path(".")]
    root, config = _configured(
        targets, config_path, output, exclude, fail_on, fail_on_incomplete, no_inline_ignores
    )
    config = replace(
        config,
        strict_ignores=config.strict_ignores or strict_ignores,
        fail_on_unscanned=config.fail_on_unscanned or fail_on_unscanned,
    )
    named = [n for n in (_folder_in(t, root) for t in paths) if n]  # "": the whole root

    def inside(relpath: str) -> bool:
        return not named or any(_is_under(relpath, n) for n in named)

    scope: Scope | None = None
    if staged or diff_ref is not None:
        with _git_required(root, "--staged" if staged else "--diff"):
            result, scope = _change_scan(
                root, config, rules, output, named, diff_ref, jobs=jobs, debug=debug, quiet=quiet
            )
    else:
        result, scanned = _scan_files(
            targets, config, rules, output, jobs=jobs, debug=debug, quiet=quiet
        )
        if force_exclude:
            scope = changes.Scope({f: None for f in scanned})
    result = _accepted(result, baseline_path, config, inside)
    if scope is not None:
        if force_exclude:
            scope = _without_excluded(scope, config)
        result = changes.narrowed(result, scope)
    record = _recorder(root, targets, config, rules, baseline_path)
    return _finish(result, config, output_format, output, no_color, quiet, record)


def _recorder(
    root: Path,
    targets: Sequence[Path],
    config: configuration.Config,
    rules: Sequence[Rule],
    baseline_path: Path | None,
) -> Callable[[int], Audit]:
    """What makes the scan's audit record, given the gate's exit code."""
    from scanner import audit

    def name(path: str) -> str:  # relative to the root, or only its name: no machine path
        return (_folder_in(Path(path), root) or Path(path).name) if path else ""

    requested = [_folder_in(target, root) or "." for target in targets]
    chosen = str(baseline_path) if baseline_path else config.baseline
    settings = audit.settings(config, rules, name(config.source), name(chosen))
    return lambda code: audit.audit(root, requested, rules, settings, code)


def _warn_if_shallow(root: Path, quiet: bool) -> None:
    """A shallow clone (actions/checkout's default) hides the commits before its graft."""
    from scanner import git

    if not quiet and git.is_shallow(root):
        click.echo(
            f"nhiguard: warning: {masking.shown(str(root))} is a shallow clone: commits before "
            "its oldest are not read, and a finding may name that commit instead of the one "
            "that introduced it (`git fetch --unshallow`, or `fetch-depth: 0` in CI)",
            err=True,
        )


def _warn_short_salt() -> None:
    if os.environ.get(masking.SALT_VARIABLE) and masking.report_key() is None:
        click.echo(
            f"nhiguard: warning: {masking.SALT_VARIABLE} is shorter than "
            f"{masking.MIN_SALT_BYTES} bytes, so reports carry no evidence digest",
            err=True,
        )


def _configured(
    targets: Sequence[Path],
    config_path: Path | None,
    output: Path | None,
    exclude: Sequence[str],
    fail_on: str | None,
    fail_on_incomplete: str | None,
    no_inline_ignores: bool,
) -> tuple[Path, configuration.Config]:
    """The scan root and the settings: the config file found (or named), then the options."""
    from dataclasses import replace

    from scanner.discovery import find_root

    incomplete = _incomplete_kinds(fail_on_incomplete)
    root = find_root(targets)
    found = config_path or configuration.discover(targets[0], _warn)
    _refuse_overwriting(output, [found] if found else [], "the configuration in use")
    config = configuration.load(found, catalog.load())
    if found is not None:
        config = configuration.rebase(config, _folder_in(found.parent, root))
    here = _folder_in(Path(), root)  # --exclude globs are written in the working folder
    config = replace(
        config,
        exclude=(*config.exclude, *(configuration.rebase_glob(g, here) for g in exclude)),
        inline_ignores=config.inline_ignores and not no_inline_ignores,
        fail_on=fail_on or config.fail_on,
        fail_on_incomplete=config.fail_on_incomplete if incomplete is None else incomplete,
    )
    return root, config


def _scan_files(
    targets: Sequence[Path],
    config: configuration.Config,
    rules: Sequence[Rule],
    output: Path | None,
    *,
    jobs: int | None,
    debug: bool,
    quiet: bool,
) -> tuple[ScanResult, list[str]]:
    """The work tree scan of `targets` (a progress bar on a terminal), and the paths it read."""
    from scanner import console, engine

    scanned: list[str] = []

    def before_reading(files: Sequence[FileRef]) -> None:
        _refuse_overwriting(
            output, [f.path for f in files], "one of the scanned files", unless_own_report=True
        )
        scanned.extend(f.relpath for f in files)
        progress.start(files)

    with console.Progress(enabled=not quiet) as progress:
        result = engine.scan(
            targets,
            config,
            rules,
            jobs=jobs,
            reraise=debug,
            before_reading=before_reading,
            advance=progress.advance,
        )
    return result, scanned


def _change_scan(
    root: Path,
    config: configuration.Config,
    rules: Sequence[Rule],
    output: Path | None,
    named: Sequence[str],
    diff_ref: str | None,
    *,
    jobs: int | None,
    debug: bool,
    quiet: bool,
) -> tuple[ScanResult, Scope]:
    """A scan of the whole repository (index or work tree), and the scope a change scan reports."""
    from scanner import changes, git, objects, reading

    where = masking.shown(str(root))
    if git.toplevel(root) is None:
        what = "--staged" if diff_ref is None else f"--diff {masking.shown(diff_ref)}"
        raise UsageError(f"{what}: {where} is not in a git work tree")
    head = git.resolve(root, "HEAD")
    if diff_ref is None:
        index = git.files_at(root)
        if named:
            listed = [p for p in index if any(_is_under(p, n) for n in named)]
            scope = changes.Scope({p: None for p in listed})
        else:
            listed = []
            scope = changes.staged(index, git.files_at(root, head) if head else {})
        result = objects.scan_index(
            root, config, rules, listed, focus=scope.lines, jobs=jobs, reraise=debug
        )
        return result, scope
    if head is None:
        raise UsageError(f"--diff {masking.shown(diff_ref)}: {where} has no commit yet")
    ref = git.resolve(root, diff_ref)
    if ref is None:
        raise UsageError(f"--diff {masking.shown(diff_ref)}: no such commit in {where}")
    base = git.merge_base(root, ref, head)
    if base is None:
        raise UsageError(f"--diff {masking.shown(diff_ref)}: no history in common with HEAD")
    result, scanned = _scan_files(
        [root], config, rules, output, jobs=jobs, debug=debug, quiet=quiet
    )

    def read(relpath: str) -> bytes | None:
        try:
            return reading.read_listed(str(root / relpath), config.max_file_size)
        except (OSError, reading.Refused):
            return None

    inside = [p for p in scanned if not named or any(_is_under(p, n) for n in named)]
    return result, changes.since(root, base, inside, read, config.max_file_size)


def _without_excluded(scope: Scope, config: configuration.Config) -> Scope:
    """The scope minus the files the configuration excludes, named or not (`--force-exclude`)."""
    from scanner import changes
    from scanner.discovery import DEFAULT_EXCLUDES, is_excluded

    excludes = (*DEFAULT_EXCLUDES, *config.exclude)
    return changes.Scope(
        {p: lines for p, lines in scope.lines.items() if not is_excluded(p, excludes)}
    )


def _accepted(
    result: ScanResult,
    baseline_path: Path | None,
    config: configuration.Config,
    covered: Callable[[str], bool] | None,
) -> ScanResult:
    """The result with the baseline's findings accepted (the option's, else the config's)."""
    from scanner import baseline

    chosen = baseline_path or (Path(config.baseline) if config.baseline else None)
    if chosen is None:
        return result
    return baseline.accept(result, baseline.read(chosen), masking.shown(str(chosen)), covered)


def _finish(
    result: ScanResult,
    config: configuration.Config,
    output_format: str,
    output: Path | None,
    no_color: bool,
    quiet: bool,
    record: Callable[[int], Audit] | None = None,
) -> int:
    """Render and emit the report (a summary line on stderr with -o); the gate's exit code.

    `record` makes the audit record once the gate's exit code is known.
    """
    from scanner import console

    unfinished = _unfinished(result, _failing_kinds(config))
    code = 1 if _fails(result, config.fail_on) or unfinished else 0
    if record is not None:
        result = dataclasses.replace(result, audit=record(code))
    rendered = _render(result, output_format, _color(output, no_color))
    if not (
        output is None
        and quiet
        and not result.active
        and not unfinished
        and output_format == "text"
    ):
        _emit(rendered, output)
    if output is not None and not quiet:
        click.echo(visible(console.summary(result, str(output))), err=True)
    return code


@contextlib.contextmanager
def _git_required(root: Path, what: str) -> Iterator[None]:
    """Git's refusal of a repository another user owns, as a usage error: `what` needs git."""
    from scanner import git

    try:
        yield
    except git.Untrusted:
        raise UsageError(
            f"{what}: git refuses {masking.shown(str(root))}: another user owns it (safe.directory)"
        ) from None


def _is_under(relpath: str, folder: str) -> bool:
    return not folder or relpath == folder or relpath.startswith(folder + "/")


def _incomplete_kinds(option: str | None) -> tuple[str, ...] | None:
    if option is None:
        return None
    kinds = configuration.incomplete_kinds(option)
    if kinds is None:
        known = {k.value for k in NotificationKind}
        wrong = next(p.strip() for p in option.split(",") if p.strip() not in known)
        raise UsageError(
            f"--fail-on-incomplete: unknown kind {masking.shown(repr(wrong))} (expected never or a "
            f"comma-separated list of {', '.join(sorted(known))})"
        )
    return kinds


def _failing_kinds(config: configuration.Config) -> tuple[str, ...]:
    """The notification kinds that fail the gate: --fail-on-incomplete's, and the strict ones."""
    from scanner.suppressions import IGNORE_KINDS

    unscanned = tuple(k.value for k in NotificationKind if Notification("", k).unscanned)
    return (
        *config.fail_on_incomplete,
        *(IGNORE_KINDS if config.strict_ignores else ()),
        *(unscanned if config.fail_on_unscanned else ()),
    )


def _unfinished(result: ScanResult, kinds: Sequence[str]) -> bool:
    """Whether a file was not fully analysed for one of `kinds` (the gate cannot vouch for it)."""
    return any(n.kind.value in kinds for n in result.notifications)


def _warn(note: str) -> None:
    click.echo(f"nhiguard: warning: {visible(note)}", err=True)


def _color(output: Path | None, no_color: bool) -> bool:
    return output is None and not no_color and not os.environ.get("NO_COLOR") and _is_tty()


def _emit(rendered: str, output: Path | None) -> None:
    if output is None:
        click.echo(rendered, nl=False)
        return
    try:
        output.write_text(rendered, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write the report to {output}: {exc.strerror}") from None


def _refuse_overwriting(
    output: Path | None, inputs: Sequence[Path], what: str, *, unless_own_report: bool = False
) -> None:
    """A report written over its own input destroys it (`-o app/settings.py`, a typo).

    Compared as files, not names: a link or another spelling of the path is caught too.
    """
    if output is None or not inputs:
        return
    try:
        written = output.stat()  # through a link: the file that would be overwritten
    except OSError:
        return  # a new file: nothing to lose
    if unless_own_report and _own_report(output):
        return  # the last run's report, as CI writes it on every run
    for path in inputs:
        try:
            same = os.path.samestat(written, path.stat())
        except OSError:
            continue
        if same:
            raise UsageError(f"--output {output} is {what}: the report would overwrite it")


# What each format writes near its start (json, sarif, html) or in its closing summary (text).
_REPORT_SIGNATURES = re.compile(
    rb'"name": "nhiguard"|<meta name="generator" content="nhiguard'
    rb"|^Scanned \d+ files? in [\d.]+s: \d+ findings?",
    re.MULTILINE,
)


def _own_report(path: Path) -> bool:
    """Whether the file looks like a report nhiguard wrote, by its first and last bytes."""
    try:
        with open(path, "rb", buffering=0) as handle:
            head = handle.read(2048)
            size = os.fstat(handle.fileno()).st_size
            handle.seek(max(0, size - 2048))
            tail = handle.read(2048)
    except OSError:
        return False
    return bool(_REPORT_SIGNATURES.search(head) or _REPORT_SIGNATURES.search(tail))


def _folder_in(folder: Path, root: Path) -> str:
    """`folder` relative to the scan root, or "" when it is the root or outside it."""
    try:
        relative = folder.resolve().relative_to(root).as_posix()
    except ValueError:
        return ""
    return "" if relative == "." else relative


def _is_tty() -> bool:
    return sys.stdout.isatty()


# Every format but text: its module under scanner.report and its render function,
# imported on use so a scan pays only for the format it writes.
_RENDERERS = {
    "json": ("json", "render_json"),
    "sarif": ("sarif", "render_sarif"),
    "html": ("html", "render_html"),
    "gitlab-secrets": ("gitlab", "render_gitlab_secrets"),
    "gitlab-sast": ("gitlab", "render_gitlab_sast"),
    "codeclimate": ("codeclimate", "render_codeclimate"),
    "junit": ("junit", "render_junit"),
    "github": ("github", "render_github"),
}


def _render(result: ScanResult, output_format: str, color: bool) -> str:
    if output_format in _RENDERERS:
        module, function = _RENDERERS[output_format]
        render: Callable[[ScanResult], str] = getattr(
            importlib.import_module(f"scanner.report.{module}"), function
        )
        return render(result)
    from scanner.report.text import render_text

    return render_text(result, color=color)


def _fails(result: ScanResult, fail_on: str) -> bool:
    if fail_on == "never":
        return False
    threshold = Level(fail_on).rank
    return any(result.level(f).rank >= threshold for f in result.active)


@main.command(
    epilog="Exit codes: 0 rendered; 2 the file is not an nhiguard JSON result"
    " (or is larger than 256 MiB)."
)
@click.argument("result_file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option(
    "--format", "output_format", type=click.Choice(FORMATS), default="html", show_default=True
)
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write here instead of stdout.",
)
@click.option("--no-color", is_flag=True, help="Never colour the text report.")
@click.option(
    "--compare",
    "previous_file",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="An earlier saved result: mark each finding new or unchanged, and list the fixed ones.",
)
def report(
    result_file: Path,
    output_format: str,
    output: Path | None,
    no_color: bool,
    previous_file: Path | None,
) -> int:
    """Render a saved `--format json` result in another format, without scanning again."""
    from scanner.compare import compare
    from scanner.report.load import read

    inputs = [result_file, *([previous_file] if previous_file else [])]
    _refuse_overwriting(output, inputs, "a result being rendered")
    result = read(result_file, catalog.load())
    if previous_file is not None:
        previous = read(previous_file, catalog.load())
        result = compare(result, previous, previous_file.name)
    _emit(_render(result, output_format, _color(output, no_color)), output)
    return 0


@main.command(epilog=EXIT_HELP)
@click.argument(
    "path",
    required=False,
    default=Path("."),
    type=click.Path(path_type=Path, exists=True, file_okay=False),
)
@click.option("--since", metavar="REF", help="Walk only the commits REF does not reach.")
@click.option("--all", "every_ref", is_flag=True, help="Walk every ref, not only HEAD.")
@_FORMAT
@_OUTPUT
@_FAIL_ON
@_CONFIG
@_BASELINE
@_NO_COLOR
@_QUIET
@_JOBS
@_DEBUG
def history(
    path: Path,
    since: str | None,
    every_ref: bool,
    output_format: str,
    output: Path | None,
    fail_on: str | None,
    config_path: Path | None,
    baseline_path: Path | None,
    no_color: bool,
    quiet: bool,
    jobs: int | None,
    debug: bool,
) -> int:
    """Find secrets in every commit of the repository at PATH, deleted ones included.

    Reads the objects of the current branch (or of every ref with --all)
    once each, with the rules about secret values (SEC001, SEC002, HMAC001,
    HMAC002, CI001); each finding names the commit that introduced it.
    Nothing is checked out and no filter or hook of the repository runs.
    """
    from scanner import history as walk

    _warn_short_salt()
    root, config = _configured([path], config_path, output, (), fail_on, None, False)
    with _git_required(root, "history"):
        _warn_if_shallow(root, quiet)
        result = walk.scan(
            root, config, catalog.load(), since=since, every_ref=every_ref, jobs=jobs, reraise=debug
        )
    result = _accepted(result, baseline_path, config, None)
    record = _recorder(root, [path], config, catalog.load(), baseline_path)
    return _finish(result, config, output_format, output, no_color, quiet, record)


@main.command(name="baseline")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path, exists=True))
@click.option(
    "--output",
    "-o",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="The baseline file to write (an earlier baseline there is replaced).",
)
@_CONFIG
@click.option("--exclude", multiple=True, metavar="GLOB", help="Skip matching paths.")
@_JOBS
@_DEBUG
def write_baseline(
    paths: tuple[Path, ...],
    output: Path,
    config_path: Path | None,
    exclude: tuple[str, ...],
    jobs: int | None,
    debug: bool,
) -> int:
    """Scan PATHS and write every finding to a baseline file, as accepted.

    `nhiguard scan --baseline FILE` (or `baseline = "FILE"` in the
    configuration) then reports only findings the file does not hold. The
    file records rule, path, fingerprint and masked evidence, never a value.
    """
    from scanner import baseline

    targets = list(paths) or [Path(".")]
    own = None if baseline.is_baseline(output) else output
    _, config = _configured(targets, config_path, own, exclude, None, None, False)
    result, _ = _scan_files(
        targets, config, catalog.load(), own, jobs=jobs, debug=debug, quiet=True
    )
    accepted = baseline.entries(result.findings)
    _emit(baseline.render(accepted), output)
    click.echo(f"nhiguard: {len(accepted)} findings accepted in {visible(str(output))}", err=True)
    return 0


@main.command()
def rules() -> None:
    """List the rule catalog with its framework mapping."""
    table = catalog.load()
    click.echo(f"{'ID':8} {'NAME':36} {'SEVERITY':14} {'OWASP NHI':22} NIST CSF 2.0")
    for rule in table:
        severity = f"{rule.severity} {rule.level.value}"
        nhi = ", ".join(rule.frameworks.owasp_nhi)
        click.echo(
            f"{rule.id:8} {rule.name:36} {severity:14} {nhi:22} {', '.join(rule.frameworks.nist_csf)}"
        )


@main.command()
@click.argument("rule")
def explain(rule: str) -> None:
    """Print the full documentation of RULE (an id such as JWT003 or a name)."""
    from scanner import ruledoc

    found = catalog.find(catalog.load(), rule)
    if found is None:
        raise click.UsageError(f"no rule {rule!r}; `nhiguard rules` lists them")
    click.echo(ruledoc.render_markdown(found), nl=False)
