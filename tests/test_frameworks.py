"""The framework catalogs: exact OWASP NHI ids and titles, CSF 2.0 ids, 1.1 crosswalk, CWE names."""

from __future__ import annotations

import re

import pytest

from scanner import frameworks, ruledoc
from scanner.frameworks import CWE, NIST_CSF, OWASP_NHI, Framework, mapped_ids
from scanner.model import Rule

# shared/MAPPING.md, "Framework facts to get right".
NHI_TITLES = {
    "NHI1:2025": "Improper Offboarding",
    "NHI2:2025": "Secret Leakage",
    "NHI3:2025": "Vulnerable Third-Party NHI",
    "NHI4:2025": "Insecure Authentication",
    "NHI5:2025": "Overprivileged NHI",
    "NHI6:2025": "Insecure Cloud Deployment Configurations",
    "NHI7:2025": "Long-Lived Secrets",
    "NHI8:2025": "Environment Isolation",
    "NHI9:2025": "NHI Reuse",
    "NHI10:2025": "Human Use of NHI",
}
CSF_2_0_ID = re.compile(r"^(GV|ID|PR|DE|RS|RC)\.[A-Z]{2}-\d{2}$")
CSF_1_1_ID = re.compile(r"^(ID|PR|DE|RS|RC)\.[A-Z]{2}-[1-9]\d?$")


def test_owasp_nhi_lists_the_ten_risks_with_their_titles() -> None:
    assert {c.id: c.title for c in OWASP_NHI.controls} == NHI_TITLES
    assert [c.id for c in OWASP_NHI.controls] == list(NHI_TITLES)


def test_owasp_nhi_links_are_the_entry_pages() -> None:
    for control in OWASP_NHI.controls:
        assert control.uri == ruledoc.nhi_uri(control.id)
        assert control.uri.startswith(
            "https://owasp.org/www-project-non-human-identities-top-10/2025/"
        )


def test_csf_ids_are_two_digit_and_the_crosswalk_holds_only_1_1_ids() -> None:
    for control in NIST_CSF.controls:
        assert CSF_2_0_ID.match(control.id), control.id
        assert control.title and control.group.startswith(control.id.split("-")[0] + " ")
        for old in control.csf_1_1:
            assert CSF_1_1_ID.match(old), f"{control.id}: {old} is not written as a CSF 1.1 id"
            assert not CSF_2_0_ID.match(old)


def test_pr_ac_1_became_pr_aa_01_and_pr_aa_05() -> None:
    became = [c.id for c in NIST_CSF.controls if "PR.AC-1" in c.csf_1_1]
    assert became == ["PR.AA-01", "PR.AA-05"]
    assert NIST_CSF.find("PR.AA-05") is not None
    assert "PR.AC-4" in NIST_CSF.find("PR.AA-05").csf_1_1  # type: ignore[union-attr]
    assert NIST_CSF.find("PR.AA-04").csf_1_1 == ()  # type: ignore[union-attr]


def test_cwe_entries_link_to_mitre() -> None:
    for control in CWE.controls:
        number = int(control.id.removeprefix("CWE-"))
        assert control.uri == ruledoc.cwe_uri(number)
        assert control.title


@pytest.mark.parametrize("framework", list(Framework), ids=lambda f: f.value)
def test_every_id_a_rule_maps_to_is_in_the_catalog(
    rules: tuple[Rule, ...], framework: Framework
) -> None:
    known = frameworks.catalog(framework)
    used = {i for rule in rules for i in mapped_ids(rule.frameworks, framework)}
    missing = sorted(i for i in used if known.find(i) is None)
    assert missing == [], f"add these to scanner/frameworks.py with their titles: {missing}"


def test_csf_and_cwe_catalogs_hold_only_what_the_rules_use(rules: tuple[Rule, ...]) -> None:
    for catalog in (NIST_CSF, CWE):
        used = {i for rule in rules for i in mapped_ids(rule.frameworks, catalog.framework)}
        assert {c.id for c in catalog.controls} == used
