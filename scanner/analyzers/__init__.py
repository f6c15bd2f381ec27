"""The analyzers, one per family of input; the engine runs those whose kinds match."""

from __future__ import annotations

from scanner.analyzers.base import Analyzer
from scanner.analyzers.ci.pipeline_analyzer import PipelineAnalyzer
from scanner.analyzers.config import ConfigFiles
from scanner.analyzers.gateway import GatewayConfigs
from scanner.analyzers.python.analyzer import PythonAnalyzer
from scanner.analyzers.scripts.analyzer import ScriptsAnalyzer
from scanner.analyzers.secret_formats import SecretFormats

ANALYZERS: tuple[Analyzer, ...] = (
    PythonAnalyzer(),
    SecretFormats(),
    PipelineAnalyzer(),
    GatewayConfigs(),  # before config: it says more of the places both judge (see engine)
    ConfigFiles(),
    ScriptsAnalyzer(),
)
