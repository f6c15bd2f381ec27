"""Jenkins: declarative and scripted `Jenkinsfile`s, read as Groovy text.

Secrets come from the credentials store: `credentials('id')` in an
`environment` block, or the variables `withCredentials` binds.
"""

from __future__ import annotations

from scanner.analyzers.ci.platform_descriptor import Document, Platform
from scanner.model import FileKind

PLATFORM = Platform(
    name="Jenkins",
    kind=FileKind.CI,
    document=Document.GROOVY,
    file_names=frozenset({"jenkinsfile"}),
    script_keys=("sh", "bat", "powershell", "pwsh"),  # the steps that run a shell
)
