"""The files the Python analyzer reads: modules and stubs, and Jupyter notebooks.

Declared apart from the analyzer so that discovery can know them without
importing libcst, which only a scan with Python to parse pays for.
"""

from __future__ import annotations

from scanner.file_format import FileFormat, Files, Syntax
from scanner.model import FileKind

# Bare words of Python code are names: a snippet hides only the long secret-shaped ones.
PYTHON = FileFormat(
    FileKind.PYTHON,
    Syntax(("#",), names_only=True),
    "python",
    (Files(suffixes=(".py", ".pyi")),),
)
# A notebook's lines are its JSON: snippets and docs read them as JSON.
NOTEBOOK = FileFormat(
    FileKind.NOTEBOOK, Syntax(("//",)), "json", (Files(suffixes=(".ipynb",)),), record=True
)
