"""Credential formats of code hosts, CI services and package registries."""

from __future__ import annotations

from scanner.analyzers.secret_catalogue.format import NAMED_KINDS, Format
from scanner.analyzers.secret_catalogue.validators import crc32_base62, is_no_digest
from scanner.model import FileKind

FORMATS = (
    Format(
        kind="GitHub token",
        anchors=("ghp_", "gho_", "ghu_", "ghs_", "ghr_"),
        token=r"gh[pousr]_[A-Za-z0-9_]{36,251}",
        true=(
            "ghp_7Gb2VadBoBFVSWcOHvr99BlRAyAlvvWADYFI",
            "ghs_5xsqjPSorEde1Cqa5QXdslW070RWqXLJtnxy",
            "gho_joJUALefieRu5B0J8YLl0iFEdPcTNg3acw3m",
        ),
        false=(
            "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "ghp_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX",
            "ghp_1234567890abcdefghijklmnopqrstuvwxyz",
        ),
        checksum=crc32_base62,
    ),
    Format(
        kind="GitHub fine-grained token",
        anchors=("github_pat_",),
        token=r"github_pat_[A-Za-z0-9_]{70,251}",
        true=(
            "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",
        ),
        false=(
            "github_pat_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        ),
    ),
    Format(
        kind="GitLab token",
        anchors=(
            "glpat-",
            "gldt-",
            "glrt-",
            "glrtr-",
            "glptt-",
            "glft-",
            "glimt-",
            "glagent-",
            "gloas-",
            "glsoat-",
            "glcbt-",
            "glffct-",
            "glwt-",
            "GR1348941",
        ),
        token=r"(?:gl(?:pat|dt|rt|rtr|ptt|ft|imt|agent|oas|soat|cbt|ffct|wt)-|GR1348941)[A-Za-z0-9_.-]{20,}",
        true=(
            "glpat-ls4NTfs94pQNEpX0VmIy",
            "glrt-2CkdYzuUf8G290JJcTGG",
            "GR1348941ZaXxa_GCI3CiuYTmSVHJ",
            "glptt-94cbec440ac77e74b595731e5fa57d58a47ccc23",
        ),
        false=(
            "glpat-XXXXXXXXXXXXXXXXXXXX",
            "glpat-xxxxxxxxxxxxxxxxxxxx",
            "glpat-0000000000000000000000",
        ),
    ),
    Format(
        kind="Atlassian API token",
        anchors=("ATATT3", "ATCTT3", "ATBB"),
        token=r"(?:ATATT3|ATCTT3)[A-Za-z0-9_=-]{100,}|ATBB[A-Za-z0-9_=.-]{32,}",
        true=(
            "ATATT3xFfGF0auh7ttSB9BLtnhjAUsGGDQrfN1FBqqWAva3i4099DY0fSKeK9EnUt-Ko-B3TFM-fF8JanGwX3ikels5ZGRnf_EpS3o3RjFJ5S1YHWpS8eqlj5qdB-3kjgBcY5i75I0DqAEPvajTh8hWhYridXJljkXGdlv_r7cYacCXSSaEwwV=b9fb64f2",
            "ATBBwlsOmeo2BIgI1ZpmBBNOnLD8Z3ExR2ZdB27EBEAD",
        ),
        false=("ATBBXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX",),
    ),
    Format(
        kind="npm token",
        anchors=("npm_",),
        token=r"npm_[A-Za-z0-9]{36}",
        true=("npm_OT3UQwDp41VfbzFUUnizXLsnzs3yLd1VyB5T",),
        false=(
            "npm_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "npm_1234567890abcdefghijklmnopqrstuvwxyz",
        ),
        checksum=crc32_base62,
    ),
    Format(
        kind="npm registry token",
        anchors=("_authToken",),
        token=r"_authToken\s*=\s*[\"']?(?P<secret>[^\s\"'$]{16,})",
        true=(
            "//registry.npmjs.org/:_authToken=8fd46995-c7e2-8458-69c5-c53a9a937395",
            "//npm.internal.corp/:_authToken=cdIvrPKgXFc+jIJX6CyNYtT5v5evtR1k",
        ),
        false=(
            "//registry.npmjs.org/:_authToken=${NPM_TOKEN}",
            "//registry.npmjs.org/:_authToken=00000000-0000-0000-0000-000000000000",
        ),
        owned_by=frozenset({FileKind.NPMRC}),  # the npmrc reader hands `_authToken` to SEC001
    ),
    Format(
        kind="PyPI token",
        anchors=("pypi-AgE",),
        token=r"pypi-AgE(?:IcHlwaS5vcmc|NdGVzdC5weXBpLm9yZw)[A-Za-z0-9_-]{50,}",
        true=(
            "pypi-AgEIcHlwaS5vcmcxdty7EsRN4OdvyE9tGqEeSlBy-HCaUwsvkpuyn8QWDvZ4n_83vHevtrDwRV1cZaDpeBu91Bfy4-z96F82OtnQrOjkYgix_VNS6xDLeg3GhAmbsk7vS0htYM1SqfvWrwhRWQEsGPx5saG",
            "pypi-AgENdGVzdC5weXBpLm9yZwRVU62U9ipuhs6Kc181YKeOskvrfhonCQL8js2cdDdUspd1iHu9drnhul1n9d62oH_Wom9R7V0FLA1bu9jnIwWGzDcN-TKPfEdH4RX2rhl3VeTjPozYzisW5O",
        ),
        false=("pypi-AgEIcHlwaS5vcmcxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",),
    ),
    Format(
        kind="RubyGems API key",
        anchors=("rubygems_",),
        token=r"rubygems_[a-z0-9]{48}",
        true=("rubygems_fa1b4408a32c890eda53185040f0013047ba0a0520f9444d",),
        false=("rubygems_000000000000000000000000000000000000000000000000",),
    ),
    Format(
        kind="NuGet API key",
        anchors=("oy2",),
        token=r"oy2[a-z0-9]{43}",
        true=("oy2yu6835rvr5645fh1bfd7v8b2zk0b3dfsogjuaeq1vid",),
        false=("oy2aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",),
    ),
    Format(
        kind="Docker Hub token",
        anchors=("dckr_pat_", "dckr_oat_"),
        token=r"dckr_(?:pat|oat)_[A-Za-z0-9_-]{27,}",
        true=("dckr_pat_kEGhKXay-aHw7o3PwHasn90oDBq", "dckr_oat_9aSwokVYAHRuLcA4JtyY768Z1cyeAFbF"),
        false=("dckr_pat_XXXXXXXXXXXXXXXXXXXXXXXXXXX",),
    ),
    Format(
        kind="Terraform Cloud token",
        anchors=("atlasv1",),
        # Terraform Cloud and Vagrant Cloud issue the same tokens. `atlasv1` after fourteen
        # characters is the mark, whatever separates it (TruffleHog reads any character).
        token=r"[A-Za-z0-9]{14}[.A-Za-z0-9]atlasv1[.A-Za-z0-9][A-Za-z0-9_=-]{60,90}",
        true=(
            "h8VFbCVsNqSuXT.atlasv1.Y_vDG2aTNnbR14GHrpbhiFrndOeYvbTtAWrV8MgdR50jjST1HXq1Rlta3QzZWM6ghSg",
            "aXHVwJd7V6ciFM.atlasv1.6GOleuvyJLq6gsSzvRKOYLANOZJr0b9YnkYaCirXvNEHKxqSvIuhbCvkjaU8KY8u0C5",
        ),
        false=(
            "xxxxxxxxxxxxxx.atlasv1.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        ),
    ),
    Format(
        kind="CircleCI token",
        anchors=("CCIPAT_", "CCIPRJ_"),
        token=r"CCIP(?:AT|RJ)_[A-Za-z0-9]{22}_[a-f0-9]{40}",
        true=(
            "CCIPAT_AYYxfxXe1iPa6oNrZMayHc_a2b2ea934a49bc7b0d474ca2fc083009b6155d65",
            "CCIPRJ_lmLOT1gHle02RRSPMZafy6_84dd05cbbb6598d7899e18522655109609a7a072",
        ),
        false=("CCIPAT_xxxxxxxxxxxxxxxxxxxxxx_0000000000000000000000000000000000000000",),
    ),
    Format(
        kind="Buildkite token",
        anchors=("bkua_",),
        token=r"bkua_[a-f0-9]{40}",
        true=("bkua_94a00a6987dcdaa396a4df7d32a43e8f931229f4",),
        false=("bkua_0000000000000000000000000000000000000000",),
    ),
    Format(
        kind="SonarQube token",
        anchors=("sqp_", "squ_", "sqa_"),
        token=r"sq[pua]_[a-f0-9]{40}",
        true=(
            "sqp_da81ad782df8de3d2266847dd1a01ff2a3477754",
            "squ_b0720f3cb6be42ad43385cd0eaeae80d1bb9bab4",
        ),
        false=("squ_0000000000000000000000000000000000000000",),
    ),
    Format(
        kind="Sourcegraph token",
        anchors=("sgp_", "slk_"),
        token=r"sgp_(?:(?:[A-Fa-f0-9]{16}|local)_)?[A-Fa-f0-9]{40}|slk_[a-f0-9]{64}",
        true=(
            "sgp_ac73a0581f66a4c853a6b1082611a43758dc524d",
            "sgp_40ca0dac103bb7dd_b543f8b9771852667c7d664b827a648e2dad908f",
            "slk_9d4e71a0c3b85f2e6d1a7c49b0e83f5a2c6d9e1b4f7a08c3e5d2b9f61a4c7e03",
        ),
        false=("sgp_0000000000000000000000000000000000000000",),
    ),
    Format(
        kind="Artifactory API key",
        anchors=("AKC",),
        # Whole words between blanks, quotes, `=` or `:`: not a run inside base64 text.
        token=r"(?<![^\s=:\"'])AKC[A-Za-z0-9]{10,}(?=[\s\"']|$)",
        true=("AKCp5lPmf2XKOB27TunFCsE8URzshq3UXo0jQ5EMKGU9kCtoSxFnfo13mKyfglaRP5Wib4tbu",),
        false=("AKCxxxxxxxxxxxxxxxxxxxx", "AKCESSIBILITY"),
    ),
    Format(
        kind="Artifactory reference token",
        anchors=("cmVmd",),
        # base64 of `reftkn:`, 64 characters in all; not a run inside longer base64 text.
        token=r"(?<![+/])cmVmd[A-Za-z0-9]{59}(?![+/=])",
        true=(
            "cmVmdGtuOjAxOjVIvWImTKwm4HbQW8SfZ5jdTXVyxf9Rczz5gnjgg3B3HYhWpYqn",
            "cmVmdLTc9mJxGt7KLhqmVmXw0K0jDDowAThZAN0m8XpofdxsaCotBDyz2PYCZ5tx",
        ),
        false=(
            "cmVmdGtuAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "Zm9vYmFy/cmVmdGtuOjAxOjVIvWImTKwm4HbQW8SfZ5jdTXVyxf9Rczz5gnjgg3B3HYhWpYqn+Zm9v",
        ),
    ),
    Format(
        kind="Artifactory password",
        anchors=(
            "AP0",
            "AP1",
            "AP2",
            "AP3",
            "AP4",
            "AP5",
            "AP6",
            "AP7",
            "AP8",
            "AP9",
            "APA",
            "APB",
            "APC",
            "APD",
            "APE",
            "APF",
        ),
        token=r"(?<![^\s=:\"'])AP[0-9A-F][A-Za-z0-9]{8,}(?=[\s\"']|$)",
        true=(
            "AP6QrHrbBz7CJVheXURpB32sq5zGK2qLwPQP9zgyFNyHZ2nyXQ5jB1I7TnF",
            "APBFuedGjlcqBH2ekmqc6Do",
        ),
        false=("APACHE", "APE12345678", "APFXXXXXXXXXXX"),
        min_entropy=3.2,
    ),
    Format(
        kind="Harness access token",
        anchors=("pat.", "sat."),
        token=r"(?:pat|sat)\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9]{24}\.[A-Za-z0-9]{20}",
        true=("pat.9n8hVz7iGVzrDJRZzk3X8c.3c79c218a82fcf3357847b8a.BalSRM3COQOMxgzVW6qB",),
        false=(
            "pat.xxxxxxxxxxxxxxxxxxxxxx.000000000000000000000000.xxxxxxxxxxxxxxxxxxxx",
            "pat.match(line).group(1)",
        ),
    ),
    Format(
        kind="Octopus Deploy API key",
        anchors=("API-",),
        token=r"API-[A-Z0-9]{26}",
        min_entropy=3.5,
        true=("API-PIYS6LJZU8Q062T0BFIX0P04PH",),
        false=("API-XXXXXXXXXXXXXXXXXXXXXXXXXX", "API-GATEWAY-CONFIGURATION-V2"),
    ),
    Format(
        kind="Infracost API key",
        anchors=("ico-",),
        token=r"ico-[A-Za-z0-9]{32}",
        true=("ico-OqSrgRnpJTEOS600WkcAnBL09tcR0Tqb",),
        false=("ico-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",),
    ),
    Format(
        kind="Apify API token",
        anchors=("apify_api_",),
        token=r"apify_api_[A-Za-z0-9-]{36}",
        true=("apify_api_il2zUIHsUeGwUkS4vtZFhSDwJ7yjYyD95sCa",),
        false=("apify_api_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",),
    ),
    Format(
        kind="SettleMint token",
        anchors=("sm_pat_", "sm_aat_", "sm_sat_"),
        token=r"sm_(?:pat|aat|sat)_[A-Za-z0-9]{16}",
        true=("sm_pat_lX0jkJk2S5TMeEKj",),
        false=("sm_pat_xxxxxxxxxxxxxxxx",),
    ),
    Format(
        kind="42 intranet client secret",
        anchors=("s-s4t2ud-", "s-s4t2af-"),
        token=r"s-s4t2(?:ud|af)-[a-f0-9]{64}",
        true=("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",),
        false=("s-s4t2ud-0000000000000000000000000000000000000000000000000000000000000000",),
    ),
    Format(
        kind="Clojars deploy token",
        anchors=("CLOJARS_",),
        token=r"CLOJARS_[a-z0-9]{60}",
        true=("CLOJARS_2yyci6rt5x4bjmroqop7a8zap959f9vqwgbunzkmkkv5sx0sx85ppxul6iee",),
        false=(
            "CLOJARS_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "CLOJARS_USERNAME",
        ),
    ),
    Format(
        kind="ReadMe API key",
        anchors=("rdme_",),
        token=r"rdme_[a-z0-9]{70}",
        true=("rdme_gth264ck04dwqz6zqqxulvni0irkimysola4irr0qzyidkhcmsw8hzvb84kxet2soz0jyn",),
        false=("rdme_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",),
    ),
    Format(
        kind="Prefect API key",
        anchors=("pnu_",),
        token=r"pnu_[A-Za-z0-9]{36}",
        true=(
            "pnu_IsZ3jCl1gJ75q4FBhju4brKKjrOzruofEmxJ",
            "pnu_q9djeatfalv4im04c0w9z9dn9qrmsp2dlbk8",
        ),
        false=(
            "pnu_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX",
            "pnu_K2x9Wq4Lm7Tz1Rv",
        ),
    ),
    Format(
        kind="Portainer access token",
        anchors=("ptr_",),
        token=r"ptr_[A-Za-z0-9_+/=-]{37}",
        true=("ptr_hRerwbWJteGD_a4ne9xaXHqZpY7VFztZI0QXZ",),
        false=(
            "ptr_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "ptr_Hn3Vb8Kq2Zx5_wer",
        ),
    ),
    Format(
        kind="GitLab session cookie",
        anchors=("_gitlab_session=",),
        token=r"_gitlab_session=(?P<secret>[a-z0-9]{32})",
        true=("_gitlab_session=g4z0qbajouyx6rx2wtreugqvnlndi8tn",),
        false=("_gitlab_session=00000000000000000000000000000000",),
    ),
    Format(
        kind="LaunchDarkly key",
        anchors=(
            "api-",
            "sdk-",
        ),
        token=r"(?:api|sdk)-[a-z0-9]{8}-[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{12}",
        true=("sdk-ulw7ajyd-nw21-6hh3-130y-6oy8c6c722sc",),
        false=(
            "sdk-00000000-0000-0000-0000-000000000000",
            "api-xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx",
            "api-550e8400-e29b-41d4-a716-446655440000",  # a UUID after a common word
        ),
        valid=is_no_digest,
    ),
    Format(
        kind="LaunchDarkly key",
        anchors=("launchdarkly", "LaunchDarkly", "LAUNCHDARKLY"),
        token=r"(?i:launchdarkly)[\w.\"' -]{0,30}?[:=]{1,2}[\s\"']*(?P<secret>(?:api|sdk)-[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12})",
        true=('launchdarkly_sdk_key = "api-5b344bb5-d00c-1c3a-605a-23adf7fd582c"',),
        false=('launchdarkly_sdk_key = "sdk-00000000-0000-0000-0000-000000000000"',),
        owned_by=NAMED_KINDS,
    ),
    Format(
        kind="Spectral token",
        anchors=("spu-",),
        token=r"spu-[a-f0-9]{32}",
        true=("spu-1a4ea8a6fc14f37543388251a8be60d6",),
        false=("spu-11111111111111111111111111111111",),
    ),
    Format(
        kind="TruffleHog Enterprise key",
        anchors=(
            "thog-key-",
            "thog-secret-",
        ),
        token=r"thog-key-[a-f0-9]{16}|thog-secret-[a-f0-9]{32}",
        true=(
            "thog-key-f8723ef72f124b53",
            "thog-secret-a1b793d5c0ef226a6dc0aa866545e148",
        ),
        false=("thog-key-0000000000000000",),
    ),
    Format(
        kind="dfuse API key",
        anchors=("web_",),
        token=r"web_[a-z0-9]{32}",
        true=("web_ab1372qsgthk1v51p66qu9by39lyclle",),
        false=(
            "web_00000000000000000000000000000000",
            "web_application_firewall_rules",
            "web_9e107d9d372bb6826bd81d3542a419d6",  # an MD5 after a common word
        ),
        valid=is_no_digest,
    ),
    Format(
        kind="dfuse API key",
        anchors=("dfuse", "Dfuse", "DFUSE"),
        token=r"(?i:dfuse)[\w.\"' -]{0,30}?[:=]{1,2}[\s\"']*(?P<secret>web_[a-f0-9]{32})",
        true=('DFUSE_API_KEY = "web_fb9d6239cab32db1b1c88696e9eea14f"',),
        false=('DFUSE_API_KEY = "web_00000000000000000000000000000000"',),
        owned_by=NAMED_KINDS,
    ),
)
