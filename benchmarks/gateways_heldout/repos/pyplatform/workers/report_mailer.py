"""Monthly statements: mints a link token the notifications service accepts for the download."""

import os

import jwt
import requests

from platform_common.service_token import service_token

MAILER_SIGNING_KEY = os.environ["MAILER_SIGNING_KEY"]
NOTIFY_URL = "http://notifications.platform.svc.cluster.local:8000/send"


def send_statement(account_id: str, email: str) -> None:
    link_token = jwt.encode({"sub": account_id, "scope": "statement:download"}, MAILER_SIGNING_KEY, algorithm="HS256")
    requests.post(
        NOTIFY_URL,
        json={"to": email, "template": "statement", "link_token": link_token},
        headers={"Authorization": f"Bearer {service_token('notifications')}"},
        timeout=10,
    ).raise_for_status()
