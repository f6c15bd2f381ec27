"""Secrets and token settings in config files: YAML, JSON, TOML, `.env`, `.properties`/`.ini`, Dockerfile.

`formats.py` lists one reader per format (`readers/`); `judges/` holds the
rules, one module per family; `analyzer.py` runs the one over the other.
"""

from __future__ import annotations

from scanner.analyzers.config.analyzer import ConfigFiles

__all__ = ["ConfigFiles"]
