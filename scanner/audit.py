"""What a report needs to be evidence: the commit, the settings in effect, the gate.

An auditor reading a report must be able to tell which code it is about
(commit, branch, whether the work tree had uncommitted changes), what was
asked (the paths) and under which settings (excludes, rules switched off,
parameters changed from their defaults, the threshold of the gate), and
how the gate ended. Git is asked through `scanner.git` only.

The remote's URL is kept only as a public address: credentials, query and
fragment are dropped, and a local path (an absolute path of the machine) is
not kept at all.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from scanner import git
from scanner.configuration import Config
from scanner.model import Audit, Provenance, Rule, ScanSettings

_REMOTE_SCHEMES = ("https", "http", "ssh", "git")


def catalog_digest(rules: Sequence[Rule]) -> str:
    """A short digest of the whole rule catalog: equal digests, equal rules and parameters."""
    return hashlib.sha256(repr(tuple(rules)).encode("utf-8")).hexdigest()[:16]


def provenance(root: Path) -> Provenance | None:
    """The git state of the work tree at `root`; None outside git or when git refuses it."""
    try:
        commit = git.resolve(root, "HEAD")
        if commit is None:
            return None
        return Provenance(
            commit=commit,
            branch=git.branch(root),
            dirty=git.is_dirty(root),
            repository=public_url(git.remote_url(root)),
        )
    except git.Untrusted:
        return None


def public_url(url: str) -> str:
    """A remote's URL without credentials (`https://user:token@host/x` -> `https://host/x`).

    scp-like addresses (`git@host:owner/repo.git`) become `ssh://host/owner/repo.git`;
    anything else (a local path, an unknown scheme) is "".
    """
    url = url.strip()
    if "://" not in url:
        user_host, colon, path = url.partition(":")
        if not colon or "/" in user_host or not path or "@" in path:
            return ""  # `user:token@host:path` is no scp address: git would take `user` as the host
        url = f"ssh://{user_host}/{path.lstrip('/')}"
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        return ""
    if parts.scheme not in _REMOTE_SCHEMES or not host:
        return ""
    if ":" in host:
        host = f"[{host}]"
    path = parts.path.partition(";")[0]  # `;params` may carry a token, like the query
    public = urlunsplit((parts.scheme, host + port, path, "", ""))
    return "" if "@" in public else public


def settings(
    config: Config, rules: Sequence[Rule], source: str, baseline: str = ""
) -> ScanSettings:
    """The settings of `config` that change a result, against the catalog's defaults."""
    enabled = {r.id for r in config.enabled_rules(rules)}
    changed = tuple(
        (rule.id, name, value)
        for rule in rules
        for name, value in sorted(config.rule_parameters.get(rule.id, {}).items())
        if rule.parameter_defaults().get(name) != value
    )
    return ScanSettings(
        source=source,
        exclude=tuple(config.exclude),
        disabled_rules=tuple(r.id for r in rules if r.id not in enabled),
        changed_parameters=changed,
        fail_on=config.fail_on,
        fail_on_incomplete=tuple(config.fail_on_incomplete),
        inline_ignores=config.inline_ignores,
        max_file_size=config.max_file_size,
        baseline=baseline,
    )


def audit(
    root: Path,
    requested: Sequence[str],
    rules: Sequence[Rule],
    scan_settings: ScanSettings,
    exit_code: int,
) -> Audit:
    return Audit(
        requested=tuple(requested),
        catalog=catalog_digest(rules),
        provenance=provenance(root),
        settings=scan_settings,
        finished_at=datetime.now(timezone.utc).replace(microsecond=0).isoformat(),
        exit_code=exit_code,
    )
