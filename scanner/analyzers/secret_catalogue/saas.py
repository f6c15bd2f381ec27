"""Credential formats of business and productivity software: databases as a service,
forms, media review, analytics, licensing and automation platforms."""

from __future__ import annotations

from scanner.analyzers.secret_catalogue.format import NAMED_KINDS, Format
from scanner.analyzers.secret_catalogue.validators import is_mixed_case, is_no_digest

FORMATS = (
    Format(
        kind="Airtable personal access token",
        anchors=("pat",),
        token=r"pat[A-Za-z0-9]{14}\.[a-f0-9]{64}",
        true=(
            "pathq8wNNwtmaeSnV.b9d6428dbd8e433bd7f39392e7fc6d7e2bda9e89070db48cd8a333e62b0b0b04",
        ),
        false=(
            "patXXXXXXXXXXXXXX.0000000000000000000000000000000000000000000000000000000000000000",
            "pattern.match(line).group(1)",
        ),
    ),
    Format(
        kind="Airtable OAuth token",
        anchors=(".v1.",),
        token=r"[A-Za-z0-9]{14,40}\.v1\.[A-Za-z0-9_-]{60,}\.[A-Za-z0-9_-]{4,}",
        true=(
            "oaaEexkDGuEQPMdob.v1.53Dohi7ZBA-VsYmkavG8p37tcVUdnS0omMpiEqlNLTFF07gB5vn6rntsw0p0bDtoWuLdZo-MfX1MkBHo1Q_ArmYMIHCVk29XT3Q5ogNhuWPZCmVeOU9D_bV0naTFUVMAhOx-pSglBGI2VZlKmkYCGQeOttKKh_gYkrRcBa91Qjwk4rW53p4V.23b33c9363da4348fd1dc6ffdcf35a60b5bcceeb4fca2f78bd1828c76d25decf",
            "holWNgRtG2jcSwKkJFvFjC8WwZtgpYjnm3.v1.2puyvVPUnLHoFTcwGLKGqH_jIdKJtXuqluHNg2UD95VSBISDjojManpyVNTshisd0sj3xlT-zn1r_yk_dlrMGQCItB.7YbMF",
        ),
        false=(
            "app.v1.release-notes-for-the-next-version-of-the-service",
            "xxxxxxxxxxxxxxxxx.v1.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        ),
    ),
    Format(
        kind="Typeform personal access token",
        anchors=("tfp_",),
        token=r"tfp_[A-Za-z0-9_.=-]{59}",
        true=("tfp_YLRKN5Nu7kfXHk96cght3t9bAcj1lSMH2LXWQZfaxe9Y_nz1oAwvowza5Xp",),
        false=("tfp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",),
    ),
    Format(
        kind="Frame.io token",
        anchors=("fio-u-",),
        token=r"fio-u-[A-Za-z0-9_=-]{64}",
        true=("fio-u-kgVQT6E1wztBG59CQxEHGcxNDiMQAeFlkF4Bf1rVTijXr1DRAWKi8bg-eWi2usi4",),
        false=("fio-u-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",),
    ),
    Format(
        kind="Adobe client secret",
        anchors=("p8e-",),
        token=r"p8e-[A-Za-z0-9]{32}",
        true=(
            "p8e-F9o7uvi7ijZTu8cmpiSRp42U48QDxxUh",
            "p8e-8425b139a538e822702955a39febfe16",
        ),
        false=("p8e-XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX",),
    ),
    Format(
        kind="MaxMind license key",
        anchors=("_mmk",),
        token=r"[A-Za-z0-9]{6}_[A-Za-z0-9]{29}_mmk",
        true=("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",),
        false=("xxxxxx_xxxxxxxxxxxxxxxxxxxxxxxxxxxxx_mmk",),
    ),
    Format(
        kind="Photoroom API key",
        anchors=("sk_pr_",),
        token=r"sk_pr_[A-Za-z0-9]{1,40}_[a-f0-9]{40}",
        true=("sk_pr_default_591a8bf8a5b4dde8af75e95a7c5a930bf3fc0fc8",),
        false=("sk_pr_default_0000000000000000000000000000000000000000",),
    ),
    Format(
        kind="BestTime API key",
        anchors=("besttime", "BestTime", "BESTTIME"),
        token=r"(?i:besttime)[\w.\"' -]{0,30}?[:=]{1,2}[\s\"']*(?P<secret>pri_[a-f0-9]{32})",
        true=('BESTTIME_API_KEY = "pri_fe12aff1408e12817c1863db12ff49aa"',),
        false=(
            'BESTTIME_API_KEY = "pri_00000000000000000000000000000000"',
            "pri_e4d909c290d0fb1ca068ffaddf22cbd0",  # an MD5 after a common word
        ),
        owned_by=NAMED_KINDS,
    ),
    Format(
        kind="Tines webhook",
        anchors=(".tines.com/webhook/",),
        token=r"https://[A-Za-z0-9-]+\.tines\.com/webhook/[a-z0-9]{32}/[a-z0-9]{32}",
        true=(
            "https://mn2tiprt.tines.com/webhook/lh4tpcb6v4zekhqsytqlqid10zaq55oy/wcbk5oohj71u3rlbrgvvdbs8t3dvgrn7",
        ),
        false=(
            "https://example.tines.com/webhook/xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx/xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        ),
    ),
    Format(
        kind="Facebook access token",
        anchors=(
            "EAAB",
            "EAAC",
            "EAAG",
            "EAAM",
        ),
        # not a run inside base64 data, where `/EAAM...+` is common
        token=r"(?<![+/])EAA[BCGM][A-Za-z0-9]{90,}(?![+/=])",
        true=(
            "EAABFecg3TIdEWVHpsm7LxpBuzevd9wsH382OIAnA6pYE69fhBBERAWOJZP78G58qLIAaHfmlXdNjlJrYULU7urXZPcTdDdBg8Em9q45dJearDSNC3iBFKYVpz0PpR3NAcfTKipdKEzbyeVzUDNgn9p2VF",
            "EAAML3u7Ohvtbo13UGKAVz34mqcYfTrCnxQBnCBunNbA3tNXfDVEO4JDQyR5GZY7z4QeVosoUM8MPQDBnPtoMXfILUvKTzb1AwXBqfNyo3zt9mV6Bd",
        ),
        false=(
            "iVBORw0KGgo/EAAMKx9Qw2Lm7Vb4Nz8Tr1Yc6Hd3Fj5Gp0Ws2Ek9Ua7Ri4Ot1Py8Ql3Xn6Zm0Cv5Bb2Dd7Ff4Gg9Hh1Jj6Kk3Ll8Mm5Nn0Oo2Pp7Qq4Rr9Ss1Tt6Uu3Vv8Ww5Xx0Yy2Zz7Aa4+Rk2=",
            "EAABxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "eaab3f9c0d2e7a1b6c5d4e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3",
        ),
    ),
    Format(
        kind="Facebook app access token",
        # `<app id>|<app secret>`, or the app token the Graph API issues for an app id,
        # `|`-joined, in a URL `%7C`-encoded. `|` alone is 75k anchor hits over the corpus,
        # a digit before it 2.7k: an app id (15 or 16 digits) ends with one.
        anchors=(*(f"{digit}|" for digit in "0123456789"), "%7C", "%7c"),
        token=r"(?<![0-9])[0-9]{15,16}(?:\||%7[Cc])(?P<secret>[A-Za-z0-9_-]{27}|[a-f0-9]{32})(?![\w-])",
        true=(
            "329347452523271|fdzyylNXCA1AVbxOtHT0klBV7Sw",
            "8773405324250068|d3c4c32391b57c19e6518d1b6117af55",
            "https://graph.facebook.com/v19.0/debug_token?access_token=8773405324250068%7CzNtNvNlbmg3MeyfvPjfa54Esymr",
        ),
        false=(
            "329347452523271|xxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "8773405324250068|{app-secret}",
            "| 8773405324250068 | d3c4c32391b57c19e6518d1b6117af55 |",
            "build 20240131123045678|d3c4c32391b57c19e6518d1b6117af55",
        ),
    ),
    Format(
        kind="ClickUp personal token",
        anchors=("pk_",),
        token=r"pk_\d{4,10}_[A-Z0-9]{32}",
        true=("pk_59594591_4L42KLL8U7MHFG1CRRVGXS8T39NQJGH5",),
        false=(
            "pk_12345678_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX",
            "pk_url_kwarg",
        ),
    ),
    Format(
        kind="Zapier webhook",
        anchors=("hooks.zapier.com/hooks/catch/",),
        token=r"https://hooks\.zapier\.com/hooks/catch/[A-Za-z0-9]+/[A-Za-z0-9]+/?|https://hooks\.zapier\.com/hooks/catch/[A-Za-z0-9]{12,}",
        true=(
            "https://hooks.zapier.com/hooks/catch/3582916/k2cd0z/",
            "https://hooks.zapier.com/hooks/catch/bkZoRaoZV8dI8CVf",
        ),
        false=("https://hooks.zapier.com/hooks/catch/xxxxxxx/xxxxxx/",),
    ),
    Format(
        kind="IEX Cloud secret token",
        anchors=("iex", "IEX", "Iex"),
        token=r"(?i:iex)[\w.\"' -]{0,30}?[:=]{1,2}[\s\"']*(?P<secret>sk_[a-f0-9]{32})",
        true=('IEX_CLOUD_SECRET = "sk_08ffb703c9e514316695ec76e9ea4b3b"',),
        false=(
            'IEX_CLOUD_SECRET = "sk_00000000000000000000000000000000"',
            "sk_9e107d9d372bb6826bd81d3542a419d6",  # an MD5 after a common word
        ),
        owned_by=NAMED_KINDS,
    ),
    Format(
        kind="Finage API key",
        anchors=("API_KEY",),
        token=r"API_KEY[A-Z0-9]{32}",
        true=("API_KEYMSYKCH1NJPYTN1T8PRCC4RQ8M1XNZC2Y",),
        false=(
            "API_KEYXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX",
            "API_KEY_FOR_THE_PAYMENTS_SERVICE_IN_PRODUCTION",
        ),
    ),
    Format(
        kind="LocationIQ access token",
        anchors=("pk.",),
        token=r"pk\.[A-Za-z0-9-]{32}",
        true=("pk.gxLyGI0qgP34o7S2vnEVhXAMwR3s4XZp",),
        false=(
            "pk.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "pk.objects.filter",
            "pk.9e107d9d372bb6826bd81d3542a419d6",  # an MD5 after a common word
        ),
        valid=is_no_digest,
    ),
    Format(
        kind="LocationIQ access token",
        anchors=("locationiq", "LocationIQ", "LOCATIONIQ"),
        token=r"(?i:locationiq)[\w.\"' -]{0,30}?[:=]{1,2}[\s\"']*(?P<secret>pk\.[a-f0-9]{32})",
        true=('LOCATIONIQ_TOKEN = "pk.b2dea8cc1d0308f0ad77be71bba6714a"',),
        false=('LOCATIONIQ_TOKEN = "pk.00000000000000000000000000000000"',),
        owned_by=NAMED_KINDS,
    ),
    Format(
        kind="Tableau personal access token",
        anchors=("==:",),
        token=r"[A-Za-z0-9+/]{22}==:[A-Za-z0-9]{32}",
        true=("ZJ7qwIKcEtKXzq8UHZoMhO==:1nyFq9M7JjCakJOZWferG0NIEYZBx6Wc",),
        false=("AAAAAAAAAAAAAAAAAAAAAA==:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",),
    ),
    Format(
        kind="Smooch API key",
        anchors=("act_",),
        token=r"act_[a-z0-9]{24}",
        true=("act_q74ubpnw1ll4migiw7zgr2ah",),
        false=(
            "act_000000000000000000000000",
            "act_on_the_request_handler",
            "act_507f1f77bcf86cd799439011",  # a MongoDB ObjectId after a common word
        ),
        valid=is_no_digest,
    ),
    Format(
        kind="SalesBlink API key",
        anchors=("key-",),
        token=r"key-[A-Za-z0-9]{64}",
        true=("key-AexbqcilVG1FmYXZFHDKKaSel1j6IvO3c4NpTdyhbftd4JtpN5UIjJLWrN2KfKFv",),
        false=(
            "key-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "key-9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",  # a SHA-256
        ),
        valid=is_no_digest,
    ),
    Format(
        kind="Close API key",
        anchors=("api_",),
        # Two base62 halves around a dot as issued, 45 characters; never a snake_case name.
        token=r"api_[A-Za-z0-9.]{45}(?![_-])",
        true=(
            "api_cC6G7GUtO2ngj5dWby2zLI.Vn8DVKXLppZCKhYqX5eJfA",
            "api_uF2M9utvEffRwT4NpeTTkZIyxdaxH1PZp2r8jEEVCR1ye",
        ),
        false=(
            "api_xxxxxxxxxxxxxxxxxxxxxx.xxxxxxxxxxxxxxxxxxxxxx",
            "api_version.ClientConfiguration.fromSettings2",
            "api_da39a3ee5e6b4b0d3255bfef95601890afd80709abcde",
        ),
        valid=is_mixed_case,
    ),
    Format(
        kind="Shutterstock OAuth token",
        anchors=("v2/",),
        # A path segment `v2/` is followed by a word, not by 388 random base62 characters.
        token=r"v2/[A-Za-z0-9]{388}",
        true=(
            "v2/TUoaAhDYT5vBDYAKkOtL8uaRRGRL59EAAlagVXjr9eenSmRXh1w5fA9k2KGDUmYWvn4Xwp16rRRohIMkJWLk8KkhElc7pCPoBSWOxjI4vnGyZ8RCtpqruq43AIBNoxlaIkz5qVW4sMxiOsACQLqSgUkWLWTuDsZehg7Yp6ya7eo3vXk0hM5MaDjnVueD3lZ0MiGf5rXxAY2fOjRnPmRpeAhK3ZMVJ1CHott4rk9eNTtWsNX2uoWK0zHbDIJJn9kklRHWlFf8qUNZhvhzGrDVtnSTlzs0mJhzILehLWr30xoqTtboAZYY5oXmeRXvgQz0UlMcCLHQXl7krSd8tJeadWxtz3eLb5Y2xa71IAKpjHb8pWvcmBYpramYQOiYfme5xH0S",
        ),
        false=("https://api.example.com/v2/users/profile", "v2/" + "x" * 388),
        min_entropy=4.0,
    ),
    Format(
        kind="ConvertAPI secret",
        anchors=("secret_",),
        token=r"secret_[A-Za-z0-9]{16}(?![_-])",
        true=("secret_akFhOCg8lxuMAgM2",),
        false=(
            "secret_xxxxxxxxxxxxxxxx",
            "secret_KeyVaultName",
            "secret_KeyVaultClient22",
            "secret_manager_client_id",
        ),
        valid=is_mixed_case,
        min_entropy=3.5,
    ),
    Format(
        kind="Courier auth token",
        anchors=("pk_",),
        # Courier's tokens are secret although named `pk_`; Stripe's publishable `pk_live_` and
        # `pk_test_` keys (24 or 99 characters) are public by design and stay out.
        token=r"pk_(?!live_|test_)[A-Za-z0-9]{1,60}_[A-Za-z0-9]{28}(?![_-])",
        true=("pk_prod_mHBCrSf6x4Dbz7s34AsMilnStUUY",),
        false=(
            "pk_prod_xxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "pk_test_Gh5Tn2Yq8Lm4Rv7Xb3Kz9Wc1AbCd",
            "pk_url_kwarg",
        ),
        valid=is_mixed_case,
    ),
)
