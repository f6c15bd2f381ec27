"""Credential formats of payment and commerce services."""

from __future__ import annotations

from scanner.analyzers.secret_catalogue.format import TEST_MODE, Format
from scanner.analyzers.secret_catalogue.validators import is_mixed_case, is_random_body

FORMATS = (
    Format(
        kind="Stripe key",
        anchors=("sk_live_", "rk_live_", "sk_prod_", "rk_prod_"),
        token=r"[rs]k_(?:live|prod)_[A-Za-z0-9]{20,247}",
        true=(
            "sk_live_eVmZT27qqJcuZVW24rNteKz9",
            "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",
            "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",
        ),
        false=("sk_live_xxxxxxxxxxxxxxxxxxxxxxxx", "sk_live_your_stripe_secret_key"),
    ),
    Format(
        kind="Stripe test-mode key",
        anchors=("sk_test_", "rk_test_"),
        # Secret and restricted keys of test mode; publishable keys (`pk_`) are public by design.
        token=r"[rs]k_test_[A-Za-z0-9]{20,247}",
        true=(
            "sk_test_3M4n1p9aiXhe5L0XyyC3kNtp",
            "rk_test_BVXPFFbjZ2E2cfiBMUM2P4FSCdhz3xL0bH8KJoUJCH0jjw6g4MpjkxL3GditIxgUbcegYGNSq4wfVTNGESVyXERG975FqYleMgK",
        ),
        false=(
            "sk_test_xxxxxxxxxxxxxxxxxxxxxxxx",
            "sk_test_your_stripe_test_key",
            "pk_test_Gh5Tn2Yq8Lm4Rv7Xb3Kz9Wc1",
        ),
        adjustment=TEST_MODE,
    ),
    Format(
        kind="Square credential",
        anchors=("sq0atp-", "sq0csp-"),
        token=r"sq0atp-[A-Za-z0-9_-]{22,60}|sq0csp-[A-Za-z0-9_-]{43}",
        true=(
            "sq0atp-eA4E-Dld44nRY4c3qBDMNj",
            "sq0atp-O3txVEXj7S_6Suf8Ln2Nzd",
            "sq0csp-w5nBjUgtJz65hNeR9rmdl2C378kltlQqPhDwEXEHT9f",
        ),
        false=("sq0csp-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",),
    ),
    Format(
        kind="Square credential",
        anchors=("EAAA",),
        # Four letters that base64 data holds often: a stricter entropy than `sq0atp-` needs.
        token=r"EAAA[A-Za-z0-9_+=-]{60}",
        true=(
            "EAAAuw5Va1AidxUOaSuIaXJlHvUqe2A3QF6I7CnB9PRgzCrbtsgIwz2mZH3hG3fm",
            "EAAAl7Kq2=Zx9Wm4Tb8Nc1Rv6Hd3Fj5Gp0Ys2Ek9Ua7Ri4Ot1Py8Ql3Xn6Zm0Cv5",
        ),
        false=("EAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",),
        min_entropy=3.5,
    ),
    Format(
        kind="Braintree access token",
        anchors=("access_token$production$", "access_token$sandbox$"),
        token=r"access_token\$(?:production|sandbox)\$[a-z0-9]{16}\$[a-f0-9]{32}",
        true=("access_token$production$8jcqaejdnanz8zdz$0a8d058691188fb8c878311df2ca4d26",),
        false=("access_token$production$0000000000000000$00000000000000000000000000000000",),
    ),
    Format(
        kind="Flutterwave secret key",
        anchors=("FLWSECK",),
        token=r"FLWSECK(?:_TEST)?(?:-[a-z0-9]{32}-X|-?[a-h0-9]{12})",
        true=(
            "FLWSECK_TEST-e1db549685958908c43069f58e909ae5-X",
            "FLWSECK-53dc2aed22a0f0a1e755b5cf3a86a8cf-X",
            "FLWSECK_TEST18e3b142c76f",
            "FLWSECK-q7kz2m9xw4tn8vl3pb6yr1hj5cd0fg2e-X",
            "FLWSECK_TEST-6b2d9e0f4a17",
        ),
        false=("FLWSECK_TEST-00000000000000000000000000000000-X",),
        min_entropy=2.8,
    ),
    Format(
        kind="Shopify token",
        anchors=("shpat_", "shpca_", "shppa_", "shpss_"),
        token=r"shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}",
        true=("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", "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"),
        false=("shpat_00000000000000000000000000000000",),
    ),
    Format(
        kind="Razorpay key",
        anchors=("rzp_live_",),
        token=r"rzp_live_[A-Za-z0-9]{14}",
        min_entropy=2.5,
        true=("rzp_live_BawawGgkCmyUtv",),
        false=("rzp_live_XXXXXXXXXXXXXX",),
    ),
    Format(
        kind="Plaid access token",
        anchors=("access-production-", "access-development-"),
        token=r"access-(?:production|development)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
        true=("access-production-7976f033-d106-4a75-be6c-9ef326626826",),
        false=("access-production-00000000-0000-0000-0000-000000000000",),
    ),
    Format(
        kind="Plaid sandbox access token",
        anchors=("access-sandbox-",),
        token=r"access-sandbox-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
        true=("access-sandbox-8103fa3c-8139-37ff-13fc-fc04386c8628",),
        false=("access-sandbox-00000000-0000-0000-0000-000000000000",),
        adjustment=TEST_MODE,
    ),
    Format(
        kind="Shippo API token",
        anchors=("shippo_live_", "shippo_test_"),
        token=r"shippo_(?:live|test)_[a-f0-9]{40}",
        true=("shippo_live_36389a7f136d2bb2ccb591d8e897e71f530e442e",),
        false=("shippo_live_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",),
    ),
    Format(
        kind="Duffel API token",
        anchors=("duffel_live_", "duffel_test_"),
        token=r"duffel_(?:live|test)_[A-Za-z0-9_=-]{43}",
        true=("duffel_live_FH8e-ZGDwH8LUGXAUutczgsLcYgv-YyZTxlE4wT0R5N",),
        false=("duffel_test_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",),
    ),
    Format(
        kind="EasyPost API key",
        anchors=(
            "EZAK",
            "EZTK",
        ),
        token=r"EZ[AT]K[A-Za-z0-9]{54}",
        true=(
            "EZAKHlVqGzK7PTnrgxdjU7XxiXpU16hbu1yCf24yuqX4HQdtzMpFcmjGMi",
            "EZTKcntABEISiHTJquUCQyj4n1rITCziyH3wogsxwNnic2bVOEKaZWVtQQ",
        ),
        false=(
            "EZAKXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX",
            "EZAKEXAMPLEKEY",
        ),
    ),
    Format(
        kind="Pagar.me API key",
        anchors=(
            "ak_live_",
            "ak_test_",
        ),
        token=r"ak_(?:live|test)_[A-Za-z0-9]{30}",
        true=("ak_live_e62nJSwQh9X3xpYOqfZBhzFdFy7vsF",),
        false=("ak_live_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",),
    ),
    Format(
        kind="Fleetbase API key",
        anchors=("flb_live_",),
        token=r"flb_live_[A-Za-z0-9]{20}",
        true=("flb_live_Trok7zmEXkwQTpHfVv6B",),
        false=("flb_live_xxxxxxxxxxxxxxxxxxxx",),
    ),
    Format(
        kind="Flexport API token",
        anchors=("shltm_",),
        token=r"shltm_[A-Za-z0-9_-]{40}",
        true=("shltm_19GNcYpUiZIgW-M8PGjdeSPVMHx8XRUdBjg01iJD",),
        false=("shltm_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",),
    ),
    Format(
        kind="Ramp API client secret",
        anchors=("ramp_sec_",),
        token=r"ramp_sec_[A-Za-z0-9]{48}",
        true=("ramp_sec_7X8s51fbLtByHwiUmrCaoND5bgfTFAbGOUBwXdnYcLxQlNnV",),
        false=("ramp_sec_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",),
    ),
    Format(
        kind="Lob live API key",
        anchors=("live_",),
        token=r"live_[a-f0-9]{35}",
        true=("live_0f3c41437441147ed6230ca66acb766d115",),
        false=(
            "live_00000000000000000000000000000000000",
            "live_reload_enabled",
        ),
    ),
    Format(
        kind="GoCardless access token",
        anchors=("live_",),
        token=r"live_[A-Za-z0-9_=-]{40}",
        true=(
            "live_Rmrr8-ZwqaBad=IFtu=uVHj9y_RHuRKnVRBjU0_J",
            "live_p0w8xqz3-7kd_m2n9tvb4=yr6hc1jf5sl-ag8e1t",
        ),
        false=(
            "live_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "live_reload_enabled_for_the_dev_server_westeu",
            "live_da39a3ee5e6b4b0d3255bfef95601890afd80709",  # a SHA-1 after a common word
        ),
        valid=is_random_body,
    ),
    Format(
        kind="Column API key",
        anchors=("live_",),
        # `test_` too would be tens of thousands of anchor hits (every test function's name).
        token=r"live_[A-Za-z0-9]{27}(?![_-])",
        true=("live_sMcokVZ9UuSCQTsPQVPtkZ79PVX",),
        false=("live_xxxxxxxxxxxxxxxxxxxxxxxxxxx", "live_ServerConfigurationManager"),
        valid=is_mixed_case,
    ),
    Format(
        kind="Paystack secret key",
        anchors=("sk_",),
        token=r"sk_[a-z]{1,10}_[A-Za-z0-9]{40}(?![_-])",
        true=("sk_sandbox_rc1tzr54q7wk09frJYyju3Sxi8hA6BoklHHDXbOX",),
        false=(
            "sk_sandbox_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "sk_cache_da39a3ee5e6b4b0d3255bfef95601890afd80709",  # a SHA-1 after common words
        ),
        valid=is_mixed_case,
    ),
    Format(
        kind="Baremetrics API key",
        anchors=("lk_",),
        token=r"lk_[A-Za-z0-9]{18,25}(?![_-])",
        true=("lk_1dUq5mOFiebwMwADttJDFe",),
        false=(
            "lk_xxxxxxxxxxxxxxxxxxxxxx",
            "lk_RemoteLinkCacheEntries",
            "lk_RemoteLinkCacheEntries2",
        ),
        valid=is_mixed_case,
    ),
    Format(
        kind="Ticket Tailor API key",
        anchors=("sk_",),
        token=r"sk_\d{2,8}_\d{4,10}_[a-f0-9]{32}",
        true=("sk_5232_601873_6db6a7f18a9acfa639592560b3c9963e",),
        false=("sk_1234_123456_00000000000000000000000000000000",),
    ),
)
