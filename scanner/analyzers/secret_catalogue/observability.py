"""Credential formats of monitoring, logging, error-tracking, maps and device-data services."""

from __future__ import annotations

from scanner.analyzers.secret_catalogue.format import NAMED_KINDS, Format

FORMATS = (
    Format(
        kind="Datadog key",
        anchors=("datadog", "Datadog", "DATADOG", "dd_api", "DD_API", "dd_app", "DD_APP"),
        token=r"(?i:datadog|dd_api|dd_app)[\w.\"' -]{0,30}?[:=]{1,2}[\s\"']*(?P<secret>[a-f0-9]{40}|[a-f0-9]{32})(?![a-f0-9])",
        true=(
            "DD_API_KEY=c8728362c6c669b181bc9c16988c28ac",
            'datadog_app_key = "7cbcf1d2b2fe72707fe90e7f886a7e6dbc58611f"',
        ),
        false=("DD_API_KEY=00000000000000000000000000000000",),
        owned_by=NAMED_KINDS,
    ),
    Format(
        kind="New Relic key",
        anchors=("NRAK-", "NRAA-", "NRII-", "NRIQ-", "NRJS-", "NRBR-", "NRAL", "-NRMA"),
        token=r"NRA[AK]-[A-Za-z0-9]{27}|NRI[IQ]-[A-Za-z0-9_-]{25,32}|NR(?:JS|BR)-[a-f0-9]{19}|(?:eu01xx[a-fA-F0-9]{30}|[a-fA-F0-9]{36})NRAL|(?:AA[a-f0-9]{40}|eu01xx[a-f0-9]{36})-NRMA",
        min_entropy=2.5,
        true=(
            "NRAK-O61KR2TUCBMOB92GQ2S8MAY1IFA",
            "NRAK-q4tz8wm1kd7xv2nb9rc5lh3jy6f",
            "eu01xx7c2e9a4f1b8d3e6c0a5f9b2d7e4c1a8f3b6d-NRMA",
            "NRII-d0lHT64f2hpj1W0LX9CpO72bdHcWg9ZP",
            "NRJS-8254e548384976dd1a9",
            "22cd5acef84f4bc335ae9c6bae9b8836ab26NRAL",
            "eu01xx4c9e2b7d1f0a83e5c6b2d9f1a7FFFFNRAL",
            "NRBR-7e1c94b2d05a3f86c2e",
            "AA3f8e1b6d09c2a57e4b8d1f6a3c9e07b52d4f8a61-NRMA",
        ),
        false=("NRAK-XXXXXXXXXXXXXXXXXXXXXXXXXXX", "NRJS-0000000000000000000"),
    ),
    Format(
        kind="Sentry token",
        anchors=("sntrys_", "sntryu_"),
        token=r"sntryu_[a-f0-9]{64}|sntrys_[A-Za-z0-9+/=_]{60,}",
        true=(
            "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",
            "sntrys_eyJlFNw2PBzYd874Fsq76U8r5HOJgc2RWoxdVSdV3xslh05x4yMymohb22y9X5C6nw8tP+pNgKIRaGDUGvT0Hv544lMcPQ3MXYirKLN2ht2byJ5Cgrcjp+iTyRR_vB5e8crNuUEYlaKx-ICbJEnBvAMEc_mGFArB6pkz1lV",
        ),
        false=("sntryu_0000000000000000000000000000000000000000000000000000000000000000",),
    ),
    Format(
        kind="Grafana token",
        anchors=("eyJrIjoi", "glc_", "glsa_"),
        token=r"eyJrIjoi[A-Za-z0-9+/]{70,400}={0,2}|glc_[A-Za-z0-9+/]{32,400}={0,2}|glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}",
        true=(
            "eyJrIjoicuaFzCK5HP4YJQGPy7VPTVL68EPlDDhuY0ePywIF+OaDgp2jy1OFSQRtPZn0yJ/U07W2y1Rr7a1N+JCO",
            "glc_lWMPrnIZCQg7BxZoXahbTQIMtN23oPuCdqRkJNhUjLCRx9OY/KsXpmcS2XLzdQuDjCPXWicAnNzQ5Zx/OnmdLCSs4ZIaolH6+ADkPbCSAzvsqeXbl3M4BOMU==",
            "glsa_UFQ1nrvriuBMwrP0WUkYoDmyJ8XuLPzP_bf343669",
        ),
        false=("glsa_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx_00000000",),
    ),
    Format(
        kind="Dynatrace token",
        anchors=("dt0c01.", "dt0s01.", "dt0s02.", "dt0s08.", "dt0s16."),
        token=r"dt0[cs]\d{2}\.[A-Za-z0-9]{24}\.[A-Za-z0-9]{64}",
        true=(
            "dt0c01.KST21FPLHTA34CDN7B69F5HJ.9HDRF5B57U0L2HVQ068IWBKY3YH3JHZKHXER8Z2G2S541US3XRGPSL8FC1O81ZBS",
            "dt0s16.SRVESBDHWBPT2FDVDOFO6CX7.SMQKNQP8BAUDKUJ1V0IPTF38VVRLVBNMMKTXUYWT1FG4BIPUCE9PO7B6XLXKHEGN",
        ),
        false=(
            "dt0c01.XXXXXXXXXXXXXXXXXXXXXXXX.XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX",
        ),
    ),
    Format(
        kind="Mapbox token",
        anchors=("pk.", "sk."),
        token=r"[ps]k\.[A-Za-z0-9_-]{60,}\.[A-Za-z0-9_-]{22}",
        min_entropy=4.0,
        true=(
            "pk.eyJ1R_ybm5LPXU_9Tli-fNGxiORJmIhecRMkDixp7xGpnaDJ52f-4CHufj3Y5T97.mqCJ_WBcewYFFi3oTeInvn",
            "sk.eyJ1ca3-XuzGHoQHKBuYM0XXofuupfcszfWWp-X8dPAk5aFJ6Nezr4jfIWCOeg1urJFPF70MucV2U1oVVY_q.fVAbPXd6JrUQmF2oKyL5UQ",
        ),
        false=(
            "pk." + "x" * 60 + "." + "x" * 22,
            "self.pk.objects.filter_by_name_and_the_rest_of_it.chain_ends_here",
        ),
    ),
    Format(
        kind="Adafruit IO key",
        anchors=("aio_",),
        token=r"aio_[A-Za-z0-9]{28}",
        true=("aio_XbcLoBbACEaeSMI98jvWjFvOJRzm",),
        false=("aio_xxxxxxxxxxxxxxxxxxxxxxxxxxxx",),
    ),
    Format(
        kind="PostHog personal API key",
        anchors=("phx_",),
        token=r"phx_[A-Za-z0-9_]{43,}",
        true=("phx_XXkhMBpQCJXqYTYUpqFIo2LMFqcmMTdKC34lujMbMFZ",),
        false=(
            "phx_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "phx_Qm4Tz8Kd2Wv7Lp1Rb",
        ),
    ),
    Format(
        kind="Rootly API key",
        anchors=("rootly_",),
        token=r"rootly_[a-f0-9]{64}",
        true=("rootly_de802357419d1a8f25c875fe1adeb614f44e107d42c9fd2179837de27b9a615c",),
        false=("rootly_0000000000000000000000000000000000000000000000000000000000000000",),
    ),
    Format(
        kind="Nightfall API key",
        anchors=("NF-",),
        token=r"NF-[A-Za-z0-9]{32}",
        true=("NF-LPdVvKS634L74lD3z71nyyYdnAwplYJZ",),
        false=(
            "NF-XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX",
            "NF-EXAMPLE",
        ),
    ),
    Format(
        kind="Ubidots token",
        anchors=("BBFF-",),
        token=r"BBFF-[A-Za-z0-9]{30}",
        true=("BBFF-kEnznMDWtECFORl3FnIyAedSrx8rNb",),
        false=("BBFF-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",),
    ),
    Format(
        kind="PagerDuty API key",
        anchors=("u+",),
        token=r"u\+[A-Za-z0-9_+-]{18}",
        true=("u+TmpnuwtS9xhXnep4NS",),
        false=("u+xxxxxxxxxxxxxxxxxx",),
    ),
    Format(
        kind="EcoStruxure IT API key",
        anchors=("AK1",),
        # Base64 data holds `AK1` too: a whole word of the key's length, not a run inside it.
        token=r"(?<![+/])AK1[A-Za-z0-9/]{50,55}(?![+/=])",
        true=("AK1RZAvfAVUWZheysR3QxzW2ByFmJbcovsONwcE2U9mDsPDgO/mJMZV",),
        false=(
            "AK1XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX",
            "MIIBIjANBgkqhkiG9w0BAQEFAA/AK1RZAvfAVUWZheysR3QxzW2ByFmJbcovsONwcE2U9mDsPDgO/mJMZV+Qx",
        ),
        min_entropy=3.5,
    ),
)
