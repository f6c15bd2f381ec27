"""Errors the scanner raises about its own inputs, never about scanned files.

    NhiguardError          exit code 2, one line for the user
    ├── CatalogError       a rule file under rules/ is malformed
    ├── ConfigError        [tool.nhiguard] / .nhiguard.toml / a CLI value is wrong
    └── UsageError         the command line asks for something impossible

A scanned file that cannot be read or parsed is not an error: it becomes a
`Notification` and the scan goes on.
"""

from __future__ import annotations


class NhiguardError(Exception):
    exit_code = 2


class CatalogError(NhiguardError):
    pass


class ConfigError(NhiguardError):
    pass


class UsageError(NhiguardError):
    pass
