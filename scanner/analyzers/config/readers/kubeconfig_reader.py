"""kubeconfigs under the names kubectl and kubeadm give them, read as the YAML they are.

`~/.kube/config`, `kubeconfig`, `*.kubeconfig` and kubeadm's
`/etc/kubernetes/*.conf` have no YAML suffix, so only this declaration
makes them YAML. What a kubeconfig holds is recognised by content in any
YAML or JSON file (`document_tree.is_kubeconfig`): a user's `token` and
`password` by their names, `client-key-data` as base64 of a private key.
`exec:` and `auth-provider:` users hold a command or a provider's name
instead of a secret.
"""

from __future__ import annotations

from scanner.analyzers.config.readers import yaml_reader
from scanner.analyzers.config.setting import Reader
from scanner.file_format import FileFormat, Files
from scanner.model import FileKind

KUBECONFIG = FileFormat(
    FileKind.YAML,
    yaml_reader.YAML_SYNTAX,
    "yaml",
    (
        Files(names=("config",), under=frozenset({".kube"})),
        Files(names=("kubeconfig",), suffixes=(".kubeconfig",)),
        Files(
            names=(
                "admin.conf",
                "super-admin.conf",
                "kubelet.conf",
                "controller-manager.conf",
                "scheduler.conf",
            ),
            under=frozenset({"kubernetes"}),
        ),
    ),
)
READER = Reader("kubeconfig", KUBECONFIG, yaml_reader.read)
