"""Credential formats of identity providers, secret stores and developer platforms."""

from __future__ import annotations

from scanner.analyzers.secret_catalogue.format import Format
from scanner.analyzers.secret_catalogue.validators import is_jwt, is_mixed_case

FORMATS = (
    Format(
        kind="Vault token",
        anchors=("hvs.", "hvb.", "hvr."),
        token=r"hv[sbr]\.[A-Za-z0-9_-]{24,}",
        true=(
            "hvs.CAESI7xr0ZDhMnNOAyS9DwM4ZEa_npZoMNZAUr3sbk3T8Q6pxa8kVwYXJyFsrzA-vsBc6hekzIBXYqwXD072d8GlN2maLVW",
            "hvb.AAAAAQl1LrH7EDj1oA1QWP9aLKH_G1RCWWkrqGoRvQTeajhf0uJiPVoudW4iDMrruI_Ozm8p0dYvWJQTvq7snpY9TSmoc36caqOM9eY1dpuGkZy9QKZ00Ls5tGYQELUE9iTgRhSUMmAofHoQ5B",
        ),
        false=("hvs.xxxxxxxxxxxxxxxxxxxxxxxx",),
    ),
    Format(
        kind="Vault token",
        # Before Vault 1.10, a service token was `s.` and 24 base62 characters. `s.` is 190k
        # anchor hits over the corpus (`this.s.x`, `s.split`), 7k of them not inside a word;
        # a value starts after a quote, `=`, `:`, a space or a tab (1.5k hits). A token alone
        # at the start of a file (`.vault-token`) has none of them, and is left out.
        anchors=tuple(f"{before}s." for before in "\"'`=: \t>"),
        token=r"s\.[A-Za-z0-9]{24}",
        valid=is_mixed_case,
        true=(
            "token: s.RAHuCX3zeCL0PnCtqaKfYUQW",
            'VAULT_TOKEN="s.aw4yH8XUD8lnjq3XpuErEdAC"',
            "VAULT_TOKEN=s.GVylgifu1VnUNtlQ6Y5Idcil",
        ),
        false=(
            "s.THISSTRINGISALLUPPERCASE",
            "VAULT_TOKEN=s.xxxxxxxxxxxxxxxxxxxxxxxx",
            "s.makeKubeConfigController",
            "handler = s.onConfigurationsChanged2",
            "wrap = s.OAS3ComponentWrapFactory",
            "this.s.aw4yH8XUD8lnjq3XpuErEdAC",
        ),
    ),
    Format(
        kind="Vault token",
        # A batch token before 1.10: `b.` and the encrypted token, whose first four bytes are
        # the keyring term (`AAAAAQ` for term 1; `AAAAA` while it is below four).
        anchors=("b.AAAAA",),
        token=r"b\.AAAAA[A-Za-z0-9_-]{100,}",
        true=(
            "b.AAAAAQIivwmyhHHHKNvH9qKOa78jXBP4Mm2twpBWppCrGwzbVVXwO6HFS-5OuGf_CCT3omYrpqT6LnTW67lTxEP2_rOJuMouoAtJfuwCPjnPjCqJ2Ey_yEd40Rg7Y3e6iqei-QfB1lC1JCxd4BnNjaSF2ElpxPWKDvlxLtV",
        ),
        false=("b.AAAAA" + "x" * 120,),
    ),
    Format(
        kind="1Password service account token",
        anchors=("ops_eyJ",),
        token=r"ops_eyJ[A-Za-z0-9+/]{250,}={0,3}",
        true=(
            "ops_eyJ8dCNG8JJQCFJwJFcqyDxVJ9NZb+N+BoA6EBbYDVQNtzkJUhv9tBvk3gFCDgmlZGIni6NVTwKe1x7iG5ENE6NaE5BT3mIHcMr3D8j/m1SLEz1XUUq+7A9hbaLBhlrSIBXbeAkFBQuA/j1PfSwHvrj0p0TMWohhRfUwp9xWJkhR/xsJN8zNAvd7SvIluDDoxj/vnU1QhvfwOVgwgaivUUUAwaevNkiWwwdeKoIwHKU8R0i4CRL7HwY1XlyCWUmGDcq3yh6ZClJVbWgKI629x7MTIeNhgGmz+mq09yW6KK0OKSO",
        ),
        false=(
            "ops_eyJxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        ),
        min_entropy=4.0,
    ),
    Format(
        kind="1Password secret key",
        anchors=("A3-",),
        token=r"A3-[A-Z0-9]{6}-(?:[A-Z0-9]{11}|[A-Z0-9]{6}-[A-Z0-9]{5})-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}",
        min_entropy=2.5,
        true=(
            "A3-CW38S5-HF2M52H80CJ-MRBDE-VKI0S-RETXL",
            "A3-CASF7H-BR7U1A-RXW8R-4PFLR-BFUNK-DBY7K",
        ),
        false=("A3-XXXXXX-XXXXXXXXXXX-XXXXX-XXXXX-XXXXX",),
    ),
    Format(
        kind="age secret key",
        anchors=("AGE-SECRET-KEY-1",),
        token=r"AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}",
        true=("AGE-SECRET-KEY-159DHQWESVL9CUUDZ7Y3UK2GLJZPUKFLJNZ3MD4JS4YNLXTD0CUEM7X2YUE",),
        false=("AGE-SECRET-KEY-1QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ",),
    ),
    Format(
        kind="Doppler token",
        anchors=("dp.pt.", "dp.st.", "dp.sa.", "dp.ct.", "dp.scim.", "dp.audit."),
        token=r"dp\.(?:pt|st|sa|ct|scim|audit)\.(?:[a-z0-9_-]{1,40}\.)?[A-Za-z0-9]{40,44}",
        true=(
            "dp.pt.RUa8fnZnyoO8lbEx8igSOGG7KlnMl5aAgWELXorPdbn",
            "dp.st.dev.2DhUXth2aCZSZDgAGh9FbRdGuwKPdvbfRJO3ZAnB",
        ),
        false=("dp.pt.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",),
    ),
    Format(
        kind="Pulumi access token",
        anchors=("pul-",),
        token=r"pul-[a-z0-9]{40}",
        true=(
            "pul-fced565ba41d2b2e2168eed95a2a2bcc878691d3",
            "pul-k3v8q1zt6wm0xr4n9bj2hc7ld5yf8pg1se6ua0ko",
        ),
        false=("pul-0000000000000000000000000000000000000000",),
    ),
    Format(
        kind="Linear API key",
        anchors=("lin_api_", "lin_oauth_"),
        token=r"lin_api_[A-Za-z0-9]{40}|lin_oauth_[a-f0-9]{64}",
        true=(
            "lin_api_NZes0zS1CYSIbZozOkD9WnSAF93MmYOttmgC7c2j",
            "lin_oauth_f3fd5b793c04c8515ca6fdccdca3c93b49dd8124e6223c2615df45498e98b1d5",
        ),
        false=("lin_api_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",),
    ),
    Format(
        kind="Postman API key",
        anchors=("PMAK-",),
        # 24 hex, a dash and 34 hex as issued: 59 characters, read as any of that length.
        token=r"PMAK-[A-Za-z0-9-]{59}",
        true=(
            "PMAK-fa778e3288a896762a9b1933-a451b01b3bfcba742aac817bbde5058f0b",
            "PMAK-znkL614eG0HCees4ig4wjd9ki7EfgKCaJ0u5VpXUJZ5dGomRfI3DZSoL1Fb",
        ),
        false=("PMAK-000000000000000000000000-0000000000000000000000000000000000",),
    ),
    Format(
        kind="PlanetScale credential",
        anchors=("pscale_tkn_", "pscale_pw_", "pscale_oauth_"),
        token=r"pscale_(?:tkn|pw|oauth)_[A-Za-z0-9_=.-]{32,64}",
        true=(
            "pscale_tkn_Khy3fYmyUPcvkL8faqnHGa6RrXmu7UNn48_d7ebNklK",
            "pscale_pw_iDnNA5krcO1kaM5WQdYZViKpvBQR10Z3LT-kPGNyuYK",
        ),
        false=("pscale_pw_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",),
    ),
    Format(
        kind="JSON Web Token",
        anchors=("eyJ",),
        # A header is a few hundred characters: unbounded, a run of `_eyJ` (`ops_eyJ` repeated)
        # had each start read to the run's end looking for its dot, in quadratic time.
        token=r"eyJ[A-Za-z0-9_=-]{1,1024}\.[A-Za-z0-9_=-]+\.?[A-Za-z0-9_.+/=-]*",
        true=(
            "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJzdmMtNTg4ZHBtZG0iLCJpYXQiOjE3NjA4NDUwODYsInNjb3BlIjoib3JkZXJzOndyaXRlIn0.tdZrmhQi9BmSpqk9SB1tkNSV3HYwMyEjJPL6uDukrgw",
            "eyJhbGciOiJSUzI1NiIsImtpZCI6IjQwMDVjYTUwZjMzNmEyNjYifQ.eyJzdWIiOiJzdmMtdTl0cjNnZnMiLCJpYXQiOjE3NjA2ODIzNTQsInNjb3BlIjoib3JkZXJzOndyaXRlIn0.JVqwc0_VR1FaYe8yUCFfcH9vVo6Mwnpp6MSBW4i88dN5WkBi76jy2TCqUCfXJB--XUqL_L4Rkkus4rn-m-4V5A",
        ),
        false=("eyJhbGciOiJIUzI1NiJ9", "eyJxxxxxxxxx.xxxxxxxxx.xxxxxxxx"),
        valid=is_jwt,
    ),
    Format(
        kind="Notion integration token",
        anchors=("ntn_", "secret_"),
        token=r"ntn_\d{11}[A-Za-z0-9]{35}|secret_[A-Za-z0-9]{43}",
        true=(
            "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",
            "secret_7zg8df6dtsINV5StGIRbovK1ul9dq4LGnBJdSWWEOy3",
        ),
        false=(
            "ntn_0000000000000000000000000000000000000000000000",
            "secret_key_for_the_session_cookie_signature_x",
        ),
    ),
    Format(
        kind="Authress access key",
        anchors=(
            ".acc_",
            ".acc-",
        ),
        token=r"(?:sc|ext|scauth|authress)_[A-Za-z0-9]{5,30}\.[A-Za-z0-9]{4,6}\.acc[_-][A-Za-z0-9-]{10,32}\.[A-Za-z0-9+/_=-]{30,120}",
        true=(
            "sc_h9dsl5pz4a.zp9x.acc_gvekgplfj6.wvjlqYSp1LCSlOnezrQlO2T2430_cyPg2m4pmQ3hQx088pDzd-PsuLjgMfa5",
        ),
        false=(
            "sc_xxxxxxxxxx.xxxx.acc_xxxxxxxxxx.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        ),
    ),
)
