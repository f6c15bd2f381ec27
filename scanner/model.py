"""The records every layer shares: rules, locations, detections, findings.

This module imports nothing of ours, so analyzers, the engine and reporters can
all depend on it without depending on each other. Every record is frozen: a
finding is a fact about a file, not a mutable object passed around.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum


class Level(str, Enum):
    """The severity band of a score, as GitHub derives it from `security-severity`."""

    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @classmethod
    def of(cls, score: float) -> Level:
        if score >= 9.0:
            return cls.CRITICAL
        if score >= 7.0:
            return cls.HIGH
        if score >= 4.0:
            return cls.MEDIUM
        return cls.LOW

    @property
    def rank(self) -> int:
        return {"critical": 4, "high": 3, "medium": 2, "low": 1}[self.value]


class FileKind(str, Enum):
    PYTHON = "python"
    YAML = "yaml"
    JSON = "json"
    TOML = "toml"
    DOTENV = "dotenv"
    INI = "ini"
    HCL = "hcl"
    XML = "xml"
    NGINX = "nginx"
    GITHUB_ACTIONS = "github-actions"
    GITLAB_CI = "gitlab-ci"
    CI = "ci"
    DOCKERFILE = "dockerfile"
    SHELL = "shell"
    MAKEFILE = "makefile"
    NOTEBOOK = "notebook"
    NETRC = "netrc"
    PGPASS = "pgpass"
    HTPASSWD = "htpasswd"
    NPMRC = "npmrc"
    TEXT = "text"


ParamValue = int | float | str | bool | tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Parameter:
    """A rule's tunable; a number has a range, so no setting can switch its rule off by overflow."""

    name: str
    type: str
    default: ParamValue
    doc: str
    minimum: int | float | None = None
    maximum: int | float | None = None


@dataclass(frozen=True, slots=True)
class Example:
    path: str
    code: str
    why: str = ""
    parameters: Mapping[str, ParamValue] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Frameworks:
    owasp_nhi: tuple[str, ...]
    nist_csf: tuple[str, ...]
    cwe: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Limitations:
    """What a rule cannot see, split so a reader finds the misses without the method.

    `how_it_decides` is the judgement the rule applies on purpose (what counts,
    what is left to another rule); `false_results` is where that judgement is
    known to miss a real problem or report a harmless one.
    """

    how_it_decides: str
    false_results: str


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    name: str
    title: str
    since: str
    severity: float
    precision: str
    inputs: tuple[FileKind, ...]
    frameworks: Frameworks
    message: str
    description: str
    rationale: str
    remediation: str
    limitations: Limitations
    references: tuple[str, ...]
    parameters: tuple[Parameter, ...]
    bad: tuple[Example, ...]
    good: tuple[Example, ...]
    limits: tuple[Example, ...]

    @property
    def level(self) -> Level:
        return Level.of(self.severity)

    def parameter_defaults(self) -> dict[str, ParamValue]:
        return {p.name: p.default for p in self.parameters}


@dataclass(frozen=True, slots=True, order=True)
class Location:
    """A 1-based line and column span; `end_column` is exclusive, as in SARIF."""

    line: int
    column: int = 1
    end_line: int = 0
    end_column: int = 0


@dataclass(frozen=True, slots=True)
class Evidence:
    """What a finding may say about a secret: never the value itself."""

    masked: str
    length: int
    digest: str


@dataclass(frozen=True, slots=True)
class Related:
    path: str
    location: Location
    message: str


@dataclass(frozen=True, slots=True)
class Adjustment:
    """A per-finding change of the rule's score, with the reason shown to the reader."""

    score: float
    reason: str


@dataclass(frozen=True, slots=True)
class Detection:
    """What an analyzer reports: a rule, where, and the facts for its message.

    `secret_spans` are the places in the file that hold a secret value; the
    engine masks them in every snippet of the file, whichever rule shows it.
    `setting` names the environment variable by which code would read a
    config value; with `if_signing_key` the detection stands only when some
    scanned code uses that variable as a signing key, and with `if_key_needs`
    only when that code's algorithm needs a key of at least so many bytes.
    """

    rule_id: str
    location: Location
    fields: Mapping[str, str] = field(default_factory=dict)
    evidence: Evidence | None = None
    secret_spans: tuple[Location, ...] = ()
    related: tuple[Related, ...] = ()
    adjustment: Adjustment | None = None
    setting: str = ""
    if_signing_key: bool = False
    if_key_needs: int = 0
    # Claims another file may vouch for (`Vouch`): the detection stands only when one of
    # `if_vouched` is vouched for somewhere in the scan, and falls when one of `unless_vouched` is.
    if_vouched: tuple[str, ...] = ()
    unless_vouched: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TokenValidation:
    """What one place checks of the tokens of one issuer: TOK002 compares such places.

    `issuer` is the issuer as written, the JWKS or discovery URL the keys
    come from when the validator names no issuer, or `$NAME` when it is read
    from the setting or environment variable NAME. A check is True (enforced),
    False (known to be off) or None (the scan cannot tell: a value read at
    run time); only known facts are compared, so an unknown never makes a
    validator look weaker than another.
    """

    issuer: str  # "" when only `aliases` name it
    api: str  # what validates: `jwt.decode`, `Istio RequestAuthentication`
    location: Location
    audience: bool | None = None
    issuer_checked: bool | None = None
    expiry_checked: bool | None = None  # an expired token is refused
    expiry_required: bool | None = None  # a token without an expiry is refused
    leeway_seconds: int | None = None
    algorithms: tuple[str, ...] = ()  # () when not known
    optional: bool | None = None  # a request without a token passes
    # The module constant the issuer is read from, as `app/auth.py:ISSUER`; an absolute
    # import names the module's path from its package, `*/app/auth.py:ISSUER`.
    aliases: tuple[str, ...] = ()
    # Not a validator but a deployment (a Lambda function's environment) that sets the
    # environment variable `sets` to `issuer` for the code of the module `runs`
    # (`authorizer/app.py`, from its handler): a validator there reading `$sets` joins it.
    sets: str = ""
    runs: str = ""


@dataclass(frozen=True, slots=True)
class KeyUse:
    """Code that reads a setting by name and signs or verifies with it.

    Environment variables are matched by exact name, as the OS does; a
    settings object's attribute (`settings.webhook_secret`) in any case, as
    pydantic reads `.env` files.
    """

    name: str
    any_case: bool
    api: str  # the call (`hmac.new`) or, with `assigned`, the framework setting (`SECRET_KEY`)
    path: str
    location: Location
    assigned: bool = False
    required: int = 0  # key bytes the algorithm of the use needs; 0 when not known


@dataclass(frozen=True, slots=True)
class Vouch:
    """A fact one file states for detections in other files to be judged by.

    An Istio `AuthorizationPolicy` requiring a request principal in namespace
    `orders` vouches `istio-principal:orders`; a `RequestAuthentication` in
    another file that `unless_vouched` that claim is then covered. Claims are
    plain strings, matched exactly.
    """

    claim: str


@dataclass(frozen=True, slots=True)
class Suppression:
    kind: str  # "inline" or "config"
    reason: str


@dataclass(frozen=True, slots=True)
class Commit:
    """Where a history scan first met a finding: the commit that put its line in that file."""

    sha: str
    author_date: str  # ISO 8601, as the commit records it


@dataclass(frozen=True, slots=True)
class Finding:
    rule_id: str
    path: str
    location: Location
    message: str
    snippet: str
    fingerprint: str
    evidence: Evidence | None = None
    related: tuple[Related, ...] = ()
    adjustment: Adjustment | None = None
    suppression: Suppression | None = None
    # The finding's line and its neighbours, (line, text), masked like the snippet.
    context: tuple[tuple[int, str], ...] = ()
    commit: Commit | None = None  # history scans only

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.location.line, self.location.column, self.rule_id, self.fingerprint)


class NotificationKind(str, Enum):
    TOO_LARGE = "too-large"
    BINARY = "binary"
    NOT_UTF8 = "not-utf8"
    PARSE_ERROR = "parse-error"
    UNREADABLE = "unreadable"
    SYMLINK_OUTSIDE_ROOT = "symlink-outside-root"
    ANALYZER_ERROR = "analyzer-error"
    GIT_REFUSED = "git-refused"
    ANALYZER_CRASH = "analyzer-crash"  # the process analysing the file died (a native crash)
    UNKNOWN_IGNORE = "unknown-ignore"  # an inline ignore names no rule (a typo accepts nothing)
    UNUSED_IGNORE = "unused-ignore"  # an inline ignore of a rule that ran suppresses nothing
    STALE_BASELINE = "stale-baseline"  # a baseline entry no finding matches any more


@dataclass(frozen=True, slots=True)
class Notification:
    """A file the scan could not fully analyse, and why (never a parser's message)."""

    path: str
    kind: NotificationKind
    detail: str = ""
    line: int = 0

    @property
    def skipped(self) -> bool:
        return self.kind in {
            NotificationKind.TOO_LARGE,
            NotificationKind.BINARY,
            NotificationKind.UNREADABLE,
            NotificationKind.SYMLINK_OUTSIDE_ROOT,
        }

    @property
    def unscanned(self) -> bool:
        """A file whose content was never read (too large, unreadable): not a binary skipped."""
        return self.kind in {NotificationKind.TOO_LARGE, NotificationKind.UNREADABLE}

    @property
    def about_ignore(self) -> bool:
        """About an inline ignore comment that does nothing, not about the file's analysis."""
        return self.kind in {NotificationKind.UNKNOWN_IGNORE, NotificationKind.UNUSED_IGNORE}

    @property
    def about_acceptance(self) -> bool:
        """About an ignore comment or a baseline entry that accepts nothing: the file was analysed."""
        return self.about_ignore or self.kind is NotificationKind.STALE_BASELINE


@dataclass(frozen=True, slots=True)
class Provenance:
    """The git state the scanned files were at: what an auditor ties a report to.

    `branch` is "" on a detached HEAD, `dirty` None when git could not tell
    safely, `repository` the remote's URL without credentials, or "".
    """

    commit: str
    branch: str
    dirty: bool | None
    repository: str = ""


@dataclass(frozen=True, slots=True)
class ScanSettings:
    """The configuration in effect, as a report states it: only what changes the result."""

    source: str  # the configuration file, relative to the scan root; "" for none
    exclude: tuple[str, ...]
    disabled_rules: tuple[str, ...]
    changed_parameters: tuple[tuple[str, str, ParamValue], ...]  # (rule, name, value)
    fail_on: str
    fail_on_incomplete: tuple[str, ...]
    inline_ignores: bool
    max_file_size: int
    baseline: str = ""


@dataclass(frozen=True, slots=True)
class Audit:
    """What a scan was asked, under which settings, at which commit, and how its gate ended."""

    requested: tuple[str, ...]  # the paths asked for, relative to the root ("." for the root)
    catalog: str  # the rule catalog's digest: two reports with it ran the same rules
    provenance: Provenance | None
    settings: ScanSettings
    finished_at: str
    exit_code: int

    @property
    def gate(self) -> str:
        return "fail" if self.exit_code else "pass"


@dataclass(frozen=True, slots=True)
class Comparison:
    """This scan against an earlier one, finding by fingerprint (which no line move changes).

    `previous` is what the reports call the earlier scan (its file name);
    `known` the fingerprints of its open findings; `fixed` its open findings
    that this scan no longer has.
    """

    previous: str
    known: frozenset[str]
    fixed: tuple[Finding, ...]


@dataclass(frozen=True, slots=True)
class ScanResult:
    root: str
    findings: tuple[Finding, ...]
    notifications: tuple[Notification, ...]
    files_scanned: int
    rules: tuple[Rule, ...]
    started_at: str
    duration_seconds: float
    version: str
    # Files analysed per kind (skipped ones left out): what a control's pass rests on.
    # None for a result saved before it was recorded: then no count is known.
    inputs: Mapping[FileKind, int] | None = None
    audit: Audit | None = None  # set by the command line; None for a library scan
    comparison: Comparison | None = None  # set by `nhiguard report --compare`
    revision: str = ""  # the commit a history scan walked from

    @property
    def active(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.suppression is None)

    @property
    def suppressed(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.suppression is not None)

    def change(self, finding: Finding) -> str:
        """`new` or `unchanged` against the compared scan; "" when there is none."""
        if self.comparison is None:
            return ""
        return "unchanged" if finding.fingerprint in self.comparison.known else "new"

    def score(self, finding: Finding) -> float:
        if finding.adjustment is not None:
            return finding.adjustment.score
        return self.rule(finding.rule_id).severity

    def level(self, finding: Finding) -> Level:
        return Level.of(self.score(finding))

    def rule(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)
