"""The framework catalogs the rules map to: OWASP NHI Top 10, NIST CSF 2.0, CWE.

Data only, frozen: each item has its id as the framework writes it, its
title, and where to read it. Reports join these to the ids a rule names in
`rules/*.yaml`; a rule never copies a title.

- OWASP Non-Human Identities Top 10 (2025): all ten risks, so a report can
  say which ones a scan did not cover.
- NIST CSF 2.0: the subcategories the rules map to. CSF 2.0 gives no short
  titles for subcategories; the title here is the outcome statement itself.
  `csf_1_1` is the crosswalk for teams still on CSF 1.1: the 1.1
  subcategories whose content moved into this 2.0 one (NIST "CSF 1.1 to 2.0
  Core Transition Changes"). Those ids are 1.1 ids, written as 1.1 wrote them
  (`PR.AC-1`), and are never shown as 2.0 ids.
- CWE: the weaknesses the rules name, with MITRE's names.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from scanner.model import Frameworks


class Framework(str, Enum):
    OWASP_NHI = "owasp_nhi"
    NIST_CSF = "nist_csf"
    CWE = "cwe"


@dataclass(frozen=True, slots=True)
class Control:
    """One item of a framework: an NHI risk, a CSF subcategory or a CWE."""

    framework: Framework
    id: str
    title: str
    uri: str = ""
    group: str = ""
    csf_1_1: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Catalog:
    framework: Framework
    name: str
    uri: str
    controls: tuple[Control, ...]

    def find(self, control_id: str) -> Control | None:
        for control in self.controls:
            if control.id == control_id:
                return control
        return None


_NHI_BASE = "https://owasp.org/www-project-non-human-identities-top-10/2025"


def _nhi(number: int, title: str, slug: str) -> Control:
    return Control(
        Framework.OWASP_NHI,
        f"NHI{number}:2025",
        title,
        f"{_NHI_BASE}/{number}-{slug}/",
    )


OWASP_NHI = Catalog(
    Framework.OWASP_NHI,
    "OWASP Non-Human Identities Top 10 (2025)",
    "https://owasp.org/www-project-non-human-identities-top-10/2025/",
    (
        _nhi(1, "Improper Offboarding", "improper-offboarding"),
        _nhi(2, "Secret Leakage", "secret-leakage"),
        _nhi(3, "Vulnerable Third-Party NHI", "vulnerable-third-party-nhi"),
        _nhi(4, "Insecure Authentication", "insecure-authentication"),
        _nhi(5, "Overprivileged NHI", "overprivileged-nhi"),
        _nhi(
            6,
            "Insecure Cloud Deployment Configurations",
            "insecure-cloud-deployment-configurations",
        ),
        _nhi(7, "Long-Lived Secrets", "long-lived-secrets"),
        _nhi(8, "Environment Isolation", "environment-isolation"),
        _nhi(9, "NHI Reuse", "nhi-reuse"),
        _nhi(10, "Human Use of NHI", "human-use-of-nhi"),
    ),
)

_PR_AA = "PR.AA Identity Management, Authentication, and Access Control"
_PR_DS = "PR.DS Data Security"
_PR_PS = "PR.PS Platform Security"
_PR_IR = "PR.IR Technology Infrastructure Resilience"


_CSF_TOOL = "https://csrc.nist.gov/projects/cprt/catalog#/cprt/framework/version/CSF_2_0_0/home"


def csf_uri(control_id: str) -> str:
    """The subcategory in NIST's CSF 2.0 Reference Tool (CPRT), the one page per id NIST keeps."""
    return f"{_CSF_TOOL}?element={control_id}"


def _csf(control_id: str, group: str, title: str, *csf_1_1: str) -> Control:
    return Control(Framework.NIST_CSF, control_id, title, csf_uri(control_id), group, csf_1_1)


NIST_CSF = Catalog(
    Framework.NIST_CSF,
    "NIST Cybersecurity Framework 2.0",
    "https://doi.org/10.6028/NIST.CSWP.29",
    (
        _csf(
            "PR.AA-01",
            _PR_AA,
            "Identities and credentials for authorized users, services, and hardware "
            "are managed by the organization",
            "PR.AC-1",
        ),
        _csf(
            "PR.AA-02",
            _PR_AA,
            "Identities are proofed and bound to credentials based on the context of interactions",
            "PR.AC-6",
        ),
        _csf(
            "PR.AA-03",
            _PR_AA,
            "Users, services, and hardware are authenticated",
            "PR.AC-3",
            "PR.AC-7",
        ),
        # New in CSF 2.0: no 1.1 subcategory moved here.
        _csf("PR.AA-04", _PR_AA, "Identity assertions are protected, conveyed, and verified"),
        _csf(
            "PR.AA-05",
            _PR_AA,
            "Access permissions, entitlements, and authorizations are defined in a "
            "policy, managed, enforced, and reviewed, and incorporate the principles "
            "of least privilege and separation of duties",
            "PR.AC-1",
            "PR.AC-3",
            "PR.AC-4",
        ),
        _csf(
            "PR.DS-01",
            _PR_DS,
            "The confidentiality, integrity, and availability of data-at-rest are protected",
            "PR.DS-1",
            "PR.DS-5",
        ),
        _csf(
            "PR.DS-02",
            _PR_DS,
            "The confidentiality, integrity, and availability of data-in-transit are protected",
            "PR.DS-2",
            "PR.DS-5",
        ),
        _csf(
            "PR.PS-01",
            _PR_PS,
            "Configuration management practices are established and applied",
            "PR.IP-1",
            "PR.IP-3",
            "PR.PT-3",
        ),
        _csf(
            "PR.PS-04",
            _PR_PS,
            "Log records are generated and made available for continuous monitoring",
            "PR.PT-1",
        ),
        _csf(
            "PR.PS-06",
            _PR_PS,
            "Secure software development practices are integrated, and their performance "
            "is monitored throughout the software development life cycle",
            "PR.IP-2",
        ),
        _csf(
            "PR.IR-01",
            _PR_IR,
            "Networks and environments are protected from unauthorized logical access and usage",
            "PR.AC-3",
            "PR.AC-5",
            "PR.DS-7",
            "PR.PT-4",
        ),
    ),
)


def cwe_uri(number: int) -> str:
    return f"https://cwe.mitre.org/data/definitions/{number}.html"


def _cwe(number: int, name: str) -> Control:
    return Control(Framework.CWE, f"CWE-{number}", name, cwe_uri(number))


CWE = Catalog(
    Framework.CWE,
    "Common Weakness Enumeration",
    "https://cwe.mitre.org/",
    (
        _cwe(208, "Observable Timing Discrepancy"),
        _cwe(250, "Execution with Unnecessary Privileges"),
        _cwe(259, "Use of Hard-coded Password"),
        _cwe(260, "Password in Configuration File"),
        _cwe(287, "Improper Authentication"),
        _cwe(306, "Missing Authentication for Critical Function"),
        _cwe(312, "Cleartext Storage of Sensitive Information"),
        _cwe(319, "Cleartext Transmission of Sensitive Information"),
        _cwe(321, "Use of Hard-coded Cryptographic Key"),
        _cwe(326, "Inadequate Encryption Strength"),
        _cwe(327, "Use of a Broken or Risky Cryptographic Algorithm"),
        _cwe(328, "Use of Weak Hash"),
        _cwe(346, "Origin Validation Error"),
        _cwe(347, "Improper Verification of Cryptographic Signature"),
        _cwe(441, "Unintended Proxy or Intermediary ('Confused Deputy')"),
        _cwe(522, "Insufficiently Protected Credentials"),
        _cwe(532, "Insertion of Sensitive Information into Log File"),
        _cwe(540, "Inclusion of Sensitive Information in Source Code"),
        _cwe(613, "Insufficient Session Expiration"),
        _cwe(653, "Improper Isolation or Compartmentalization"),
        _cwe(732, "Incorrect Permission Assignment for Critical Resource"),
        _cwe(798, "Use of Hard-coded Credentials"),
        _cwe(829, "Inclusion of Functionality from Untrusted Control Sphere"),
        _cwe(918, "Server-Side Request Forgery (SSRF)"),
        _cwe(1390, "Weak Authentication"),
        _cwe(1391, "Use of Weak Credentials"),
        _cwe(1394, "Use of Default Cryptographic Key"),
    ),
)

CATALOGS: tuple[Catalog, ...] = (OWASP_NHI, NIST_CSF, CWE)


def catalog(framework: Framework) -> Catalog:
    for candidate in CATALOGS:
        if candidate.framework is framework:
            return candidate
    raise KeyError(framework)


def mapped_ids(mapping: Frameworks, framework: Framework) -> tuple[str, ...]:
    """The ids a rule maps to in one framework, spelled as that catalog spells them."""
    if framework is Framework.CWE:
        return tuple(f"CWE-{number}" for number in mapping.cwe)
    if framework is Framework.OWASP_NHI:
        return mapping.owasp_nhi
    return mapping.nist_csf
