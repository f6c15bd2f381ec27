"""Secrets and token settings in config and credential files.

YAML, JSON, TOML, `.env`, `.properties`/`.ini`, Dockerfile, Terraform, and the
files tools keep credentials in (`.netrc`, `.pgpass`, `.htpasswd`, Docker's
`config.json`, kubeconfigs, Terraform state, `.npmrc`, Yarn's `.yarnrc` and
`.yarnrc.yml`). `formats.py` lists one reader
per format (`readers/`), each declaring the files it claims; `judges/` holds
the rules, one module per family; `analyzer.py` runs the one over the other.
"""

from __future__ import annotations

from scanner.analyzers.config.analyzer import ConfigFiles

__all__ = ["ConfigFiles"]
