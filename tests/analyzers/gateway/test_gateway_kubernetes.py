"""K8S001: service-account tokens mounted without need, projected without audience or too long, legacy."""

from __future__ import annotations

from pathlib import Path

import pytest
from gateway_scan import reported, scanned

DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: report-worker
  namespace: reports
spec:
  selector:
    matchLabels: {app: report-worker}
  template:
    metadata:
      labels: {app: report-worker}
    spec:
      serviceAccountName: report-worker
      automountServiceAccountToken: AUTOMOUNT
      containers:
        - name: worker
          image: registry.example.com/report-worker:2.3.1
"""
BINDING = """\
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: report-worker
  namespace: reports
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: configmap-reader}
subjects:
  - kind: ServiceAccount
    name: SUBJECT
"""


@pytest.mark.parametrize(
    ("automount", "binding", "expected"),
    [
        ("true", "", {("K8S001", 14, None)}),
        ("false", "", set()),
        ("true", BINDING.replace("SUBJECT", "report-worker"), set()),
        ("true", BINDING.replace("SUBJECT", "someone-else"), {("K8S001", 14, None)}),
        (
            "true",
            BINDING.replace("SUBJECT", "report-worker").replace("kind: RoleBinding", "kind: ClusterRoleBinding")
            .replace("  namespace: reports\nroleRef", "roleRef") + "    namespace: reports\n",
            set(),
        ),
    ],
    ids=["explicit-true", "false", "bound", "other-account-bound", "cluster-binding"],
)  # fmt: skip
def test_an_explicitly_mounted_token_needs_a_binding_for_its_account(
    automount: str, binding: str, expected: set[tuple[str, int, None]]
) -> None:
    text = DEPLOYMENT.replace("AUTOMOUNT", automount) + binding
    assert reported("deploy/report-worker.yaml", text) == expected


def test_the_default_account_is_the_one_a_pod_without_a_name_mounts() -> None:
    text = DEPLOYMENT.replace("AUTOMOUNT", "true").replace(
        "      serviceAccountName: report-worker\n", ""
    )
    assert (
        reported("deploy/report-worker.yaml", text + BINDING.replace("SUBJECT", "default")) == set()
    )


def test_a_binding_in_another_file_gives_the_account_its_need(tmp_path: Path) -> None:
    files = {
        "deploy/worker.yaml": DEPLOYMENT.replace("AUTOMOUNT", "true"),
        "deploy/rbac.yaml": BINDING.replace("SUBJECT", "report-worker").removeprefix("---\n"),
        "deploy/other.yaml": DEPLOYMENT.replace("AUTOMOUNT", "true").replace("reports", "billing"),
    }
    assert scanned(files, tmp_path) == {("deploy/other.yaml", "K8S001", 14)}


def test_a_service_account_that_asks_for_automounting_is_judged_like_a_pod() -> None:
    text = "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: idle\nautomountServiceAccountToken: true\n"
    assert reported("deploy/sa.yaml", text) == {("K8S001", 5, None)}


CRONJOB = """\
apiVersion: batch/v1
kind: CronJob
metadata:
  name: vault-sync
spec:
  schedule: "0 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          automountServiceAccountToken: false
          containers:
            - name: sync
              image: registry.example.com/vault-sync:1.2.0
          volumes:
            - name: vault-token
              projected:
                sources:
                  - serviceAccountToken:
                      TOKEN
"""


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("audience: vault\n                      expirationSeconds: 3600", set()),
        # the kubelet renews it: two hours is short; over K8S001's day it is JWT007 as well
        ("audience: vault\n                      expirationSeconds: 7200", set()),
        ("path: token", {("K8S001", 19, None)}),
        (
            "audience: vault\n                      expirationSeconds: 2592000",
            {("K8S001", 21, None), ("JWT007", 21, None)},
        ),
    ],
    ids=["hour", "two-hours", "no-audience", "thirty-days"],
)
def test_a_projected_token_needs_an_audience_and_a_short_life(
    token: str, expected: set[tuple[str, int, None]]
) -> None:
    assert reported("deploy/vault-sync.yaml", CRONJOB.replace("TOKEN", token)) == expected


def test_a_legacy_token_secret_never_expires() -> None:
    text = (
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: ci-deployer-token\n  annotations:\n"
        "    kubernetes.io/service-account.name: ci-deployer\ntype: kubernetes.io/service-account-token\n"
    )
    assert reported("deploy/token.yaml", text) == {("K8S001", 7, None)}


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("", ""), {("K8S001", 2, None)}),
        (("      serviceAccountName: report-worker\n", ""), {("K8S001", 2, None)}),
        (
            ("    metadata:\n", '    metadata:\n      annotations: {dapr.io/enabled: "true"}\n'),
            set(),
        ),
        (
            ("    metadata:\n", "    metadata:\n      annotations: {linkerd.io/inject: enabled}\n"),
            set(),
        ),
        (
            (
                "    metadata:\n",
                "    metadata:\n      annotations: {linkerd.io/inject: disabled}\n",
            ),
            {("K8S001", 2, None)},
        ),
    ],
    ids=[
        "default-true",
        "default-account",
        "dapr-sidecar-uses-it",
        "linkerd-proxy-uses-it",
        "linkerd-disabled",
    ],
)
def test_a_token_mounted_by_default_is_reported_at_the_workload(
    change: tuple[str, str], expected: set[tuple[str, int, None]]
) -> None:
    text = DEPLOYMENT.replace("      automountServiceAccountToken: AUTOMOUNT\n", "")
    assert (
        reported("deploy/report-worker.yaml", text.replace(*change) if change[0] else text)
        == expected
    )


def test_an_account_that_turns_automounting_off_covers_its_pods(tmp_path: Path) -> None:
    account = (
        "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: report-worker\n"
        "  namespace: reports\nautomountServiceAccountToken: false\n"
    )
    files = {
        "deploy/account.yaml": account,
        "deploy/worker.yaml": DEPLOYMENT.replace(
            "      automountServiceAccountToken: AUTOMOUNT\n", ""
        ),
    }
    assert scanned(files, tmp_path) == set()


def test_an_opaque_secret_is_not_a_token_secret() -> None:
    text = (
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: notes\n"
        "  annotations:\n    note: not a kubernetes.io/service-account-token\ntype: Opaque\n"
    )
    assert reported("deploy/notes.yaml", text) == set()


def test_a_helm_template_is_read_with_its_actions_blanked_and_a_templated_value_is_not_unset() -> (
    None
):
    text = (
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ include "orders.fullname" . }}\n'
        "spec:\n  template:\n    spec:\n      automountServiceAccountToken: {{ .Values.automount }}\n"
        '      containers:\n        - name: api\n          image: "{{ .Values.image.repository }}"\n'
        "---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: {{ .Release.Name }}-token\n"
        "type: kubernetes.io/service-account-token\n"
    )
    assert reported("chart/templates/orders.yaml", text) == {("K8S001", 17, None)}


def test_a_templated_account_could_be_any_so_its_token_is_not_judged() -> None:
    text = DEPLOYMENT.replace("AUTOMOUNT", "true").replace(
        "serviceAccountName: report-worker", 'serviceAccountName: {{ include "worker.account" . }}'
    )
    assert reported("chart/templates/worker.yaml", text) == set()
