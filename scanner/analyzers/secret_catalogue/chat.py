"""Credential formats of chat, messaging and email services."""

from __future__ import annotations

from scanner.analyzers.secret_catalogue.format import NAMED_KINDS, Format
from scanner.analyzers.secret_catalogue.validators import is_mixed_case, is_no_digest

FORMATS = (
    Format(
        kind="Slack token",
        anchors=("xoxb-", "xoxp-", "xoxa-", "xoxo-", "xoxs-", "xoxr-", "xoxe-", "xoxe.", "xapp-"),
        # Bot, user, legacy, workspace, configuration and refresh tokens; app-level tokens.
        token=(
            r"xoxb-\d{8,14}-(?:\d{8,14}[A-Za-z0-9]*(?:-[A-Za-z0-9]+)*|[A-Za-z0-9]{18,26})(?![#*-])"
            r"|xox[pe]-\d{8,14}-\d{8,14}(?:-\d{8,14})?(?:-[A-Za-z0-9]{8,}|[a-z][A-Za-z0-9]*)(?![#*-])"
            r"|xox[os]-\d+-\d+-\d+-[A-Fa-f0-9]+"
            r"|xox[ar]-(?:\d-)?(?=[0-9]*[A-Za-z])[A-Za-z0-9]{8,48}"
            r"|xoxe\.xox[bp]-\d-[A-Za-z0-9]{140,}"
            r"|xoxe-\d-[A-Za-z0-9]{140,}"
            r"|xapp-\d-[A-Z0-9]+-\d+-[a-z0-9]{24,}"
        ),
        true=(
            "xoxb-278869824535-4658748272623-YzQzyeDFjU9nNv4EDXt9OSdn",
            "xoxp-083033629507-255918468051-3856851315521-96d633b63cc9523b08422a1a346a91b3",
            "xapp-1-ABPNUESFZZ7-3313876753129-e40ca26829a8821ab537bfeec2b34a87f9c531c86d75eb9854af7880209efcb7",
            "xoxe.xoxp-1-315TBDOVMGGVQHY4FOSM4UGUW5HK9C347V9VF6SI6BKXUG0KH9KARJLT8A6DBY8VDKYV7VYJTPODD1QJQN46EKXFWCS6HVUWO9U040XCNCYG7NBOG7QU4DG6QSKNGCR6WUVTSHA00FYI",
            "xoxa-2-CUWoNfTII3U78rUbC8IV3oivcCGgQQslDonC",
        ),
        false=(
            "xoxb-000000000000-0000000000000-xxxxxxxxxxxxxxxxxxxxxxxx",
            "xoxp-...-####",
            "xoxb-1234-abcd",
            "xoxp-your-slack-user-token-here",
        ),
    ),
    Format(
        kind="Slack token",
        anchors=("xoxb-", "xoxa-", "xoxr-"),
        # The older shape: team and user ids of 10-13 digits, then a short tail. Mostly digits,
        # so less entropy than the newer shapes; a shorter id (`xoxb-1234-abcd`) is no token.
        token=r"xox[abr]-\d{10,13}-\d{10,13}[a-z0-9]*(?![#*-])",
        true=("xoxa-81433314663-36677414377c", "xoxr-492044868542-47078841388c"),
        false=(
            "xoxa-00000000000-00000000000",
            "xoxr-1234567890-1234567890abc",
            "xoxb-12345-abcd234",
        ),
        min_entropy=2.5,
    ),
    Format(
        kind="Slack webhook",
        anchors=("hooks.slack.com",),
        token=r"(?:https?://)?hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9_/+-]{20,}",
        true=(
            "https://hooks.slack.com/services/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",
            "https://hooks.slack.com/workflows/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",
            "https://hooks.slack.com/triggers/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",
        ),
        false=(
            "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX",
            "https://hooks.slack.com/services/YOUR/WEBHOOK/URL",
        ),
    ),
    Format(
        kind="Discord webhook",
        anchors=("/api/webhooks/",),
        token=r"https?://(?:[\w-]+\.)?discord(?:app)?\.com/api/webhooks/\d{17,20}/[A-Za-z0-9_-]{60,}",
        true=(
            "https://discord.com/api/webhooks/1101627414231496022/3FY-idxVQRHEWIhIuyhyTreDpwbhOXHy_2tl4uY4rjjb4rhtgvMY3Rlouz2yzd306NmO",
            "https://discordapp.com/api/webhooks/967123821748106164/65LNSvhEgyACWtBvZoEhtaoB6JpfScavXZFnRhp_KJvB3fZh_1wizE4NbV_FIPd1r1HE",
        ),
        false=(
            "https://discord.com/api/webhooks/000000000000000000/xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        ),
    ),
    Format(
        kind="Discord bot token",
        anchors=("discord", "Discord", "DISCORD"),
        token=r"(?i:discord).{0,40}?(?<![A-Za-z0-9_-])(?P<secret>[MNO][A-Za-z0-9_-]{23,25}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,38})",
        true=(
            'discord_bot_token = "MTBwKGJw5TjRI7B24Us5pJJ7J1.LThlIx.04BQ28CiHtVTIKiTxsSzb2ExUxt42DHPDtJwtf"',
            "DISCORD_TOKEN: ODkySjO64ndwh6gswwIwNPKu.J-2rOx.qVvwyOl7ew6VO1J7FUqgMr5jRaa",
        ),
        false=(
            'discord_bot_token = "MTxxxxxxxxxxxxxxxxxxxxxxx.xxxxxx.xxxxxxxxxxxxxxxxxxxxxxxxxxx"',
        ),
        owned_by=NAMED_KINDS,
    ),
    Format(
        kind="Telegram bot token",
        anchors=(":A",),
        token=r"\d{5,16}:A[A-Za-z0-9_-]{34}(?![_-])",
        true=(
            "4450614835:AAoORrXs0WnCqyBN1dEdSG6DmKzBlAovByx",
            "890479115:AAESWWLoI-pYEom_Rl5IiAFCiCQTSdZQBpn",
        ),
        false=(
            "123456789:AAxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "12345:ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefgh",
        ),
        min_entropy=3.5,
    ),
    Format(
        kind="Microsoft Teams webhook",
        anchors=("webhook.office.com", "outlook.office.com/webhook", "logic.azure.com"),
        token=r"https://(?:[\w-]+\.)*(?:webhook|outlook)\.office(?:365)?\.com/webhook(?:b2)?/[A-Za-z0-9@/_-]{60,}|https://[\w.-]+\.logic\.azure\.com(?::443)?/workflows/[0-9a-f]{32}/triggers/[\w/]+\?[^\s\"'<>]*sig=[A-Za-z0-9_%-]{43,}",
        true=(
            "https://contoso.webhook.office.com/webhookb2/3730363e-6f19-42b6-80f3-4a8997974666@e9b44464-27fd-41a8-9984-e46f374149cc/IncomingWebhook/37a82d7e04c8839904ef8e22f2152c2c/51e0a119-4d99-4f15-aaa9-f0dc8e092def",
            "https://prod-27.westeurope.logic.azure.com:443/workflows/89796d02d861c9c27259190755443f24/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=qwzZYum48vladO_DE_J1cmbxyJae6HNLojhRkQX9iZv",
        ),
        false=(
            "https://outlook.office.com/webhook/xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx@xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx/IncomingWebhook/xxxxxxxx/xxxxxxxx",
        ),
    ),
    Format(
        kind="SendGrid API key",
        anchors=("SG.",),
        # Two base64url parts (22 and 43 characters as issued, a little either way in older
        # keys), or the 66 characters of that length in one run as gitleaks reads them.
        token=r"SG\.[A-Za-z0-9_-]{20,24}\.[A-Za-z0-9_-]{39,50}|SG\.[A-Za-z0-9_=.-]{66}",
        true=(
            "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",
            "SG.DNeP1_knVF0xrsyQOu70l.UbonBa4uMoCP6KDsSMbRwIZHLSAqGxMSycmN2uAvaf5gS",
            "SG.z9f5=wp9njkieansnb=du=9rdmgce1lje7eai_uwswkhg3tg.bry-mfn7t99wmj6=a",
        ),
        false=("SG.xxxxxxxxxxxxxxxxxxxxxx.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",),
    ),
    Format(
        kind="Mailgun API key",
        anchors=("key-",),
        token=r"key-[a-z0-9]{32}",
        true=("key-4pz8r1kw6qn2vt9xm3bh7lc0jd5sy8fg",),
        false=(
            "key-00000000000000000000000000000000",
            "key-value-store-configuration-for-the-cache",
            "key-d41d8cd98f00b204e9800998ecf8427e",  # an MD5 after a common word
        ),
        valid=is_no_digest,
    ),
    Format(
        kind="Mailgun API key",
        anchors=("mailgun", "Mailgun", "MAILGUN"),
        token=r"(?i:mailgun).{0,40}?(?<![A-Za-z0-9])(?P<secret>[a-f0-9]{32}-[a-f0-9]{8}-[a-f0-9]{8}|key-[a-f0-9]{32})",
        true=(
            'mailgun_api_key = "91421bfe16a4b8603e41b777398bd72d-7d9bb422-d207a943"',
            'mailgun_api_key = "key-e7aec5768b87d313365247ebc29410e6"',
        ),
        false=('mailgun_api_key = "00000000000000000000000000000000-00000000-00000000"',),
        owned_by=NAMED_KINDS,
    ),
    Format(
        kind="Mailchimp API key",
        anchors=("-us1", "-us2", "-us3", "-us4", "-us5", "-us6", "-us7", "-us8", "-us9"),
        token=r"[0-9a-z]{32}-us\d{1,2}",
        true=("404a93f02d09db27ff879f9704a15614-us64", "790fa663b52c0e3cf4bb5798c34c019d-us2"),
        false=("00000000000000000000000000000000-us6", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx-us12"),
    ),
    Format(
        kind="Brevo API key",
        anchors=("xkeysib-", "xsmtpsib-"),
        # 64 hex, a dash and 16 base62 as issued; 81 base64url characters in all (v2 keys).
        token=r"x(?:keysib|smtpsib)-[a-f0-9]{64}-[A-Za-z0-9]{16}|xkeysib-[A-Za-z0-9_-]{81}",
        true=(
            "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",
            "xkeysib-pubUKXBF6PGCAvytu-jOnjID6aa6sP3Uuc_-78IggmqINayxpr2QLKge5LUNhLfJGG1Ej3gtMIxXun_SC",
            "xsmtpsib-9ff300f668fed73d0a78c1b940d63c6d3689678669cec3da2e0007c962572bed-41HqMFgMyc22LKDs",
        ),
        false=(
            "xkeysib-0000000000000000000000000000000000000000000000000000000000000000-xxxxxxxxxxxxxxxx",
        ),
    ),
    Format(
        kind="Twilio API key",
        anchors=("SK",),
        token=r"SK[0-9a-fA-F]{32}",
        true=("SKae6a992f2cc9cc09ee37465fbe816486",),
        false=("SK00000000000000000000000000000000", "SKxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
    ),
    Format(
        kind="Twilio credential",
        anchors=("twilio", "Twilio", "TWILIO"),
        token=r"(?i:twilio).{0,40}?(?<![A-Za-z0-9])(?P<secret>AC[a-z0-9]{32}|[a-f0-9]{32})",
        true=(
            'twilio_auth_token = "49563a4826d4890195bd649fe87c8a6a"',
            "TWILIO_ACCOUNT_SID=ACfcac3665ff331246db8fb9ca3bfa7db3",
        ),
        false=('twilio_auth_token = "00000000000000000000000000000000"',),
        owned_by=NAMED_KINDS,
    ),
    Format(
        kind="Telnyx API key",
        anchors=("KEY",),
        # `KEY` ends many constant names (`API_KEY`): only a mixed-case body of the exact length.
        token=r"KEY[A-Za-z0-9_-]{55}(?![_-])",
        true=("KEYC04P4Dzq1A8bgh33v5b2foeblES3Xuswwwy4N2IF5jCvW1pwjNybq4C",),
        false=(
            "KEYXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX",
            "KEY_FOR_THE_PAYMENTS_SERVICE_IN_PRODUCTION_AND_STAGING_01",
        ),
        valid=is_mixed_case,
    ),
)
