"""Clients of the services the API calls."""

import boto3
import redis
from slack_sdk import WebClient

from api.config import settings

cache = redis.Redis(host="redis.pymono.internal", port=6379, password="XZe29RvCu39EMM0H6A")
s3 = boto3.client("s3", region_name="eu-west-1")
slack = WebClient(token="xoxb-2798541904266-9869499650481-adiMWO8Qb0M16pPaccUibVyy")


class BillingClient:
    """Thin wrapper over the billing service's REST API."""

    def __init__(self, base_url="https://billing.pymono.internal"):
        self.base_url = base_url
        self.api_key = "qTNO8NQfOG9iI1OcToV8mzRPwW4ZLAAOjCEIxx5h"
        self.api_key_header = "X-Billing-Key"

    def headers(self, token):
        return {"Authorization": f"Bearer {token}", "X-Billing-Key": self.api_key}


def internal_headers():
    return {"Authorization": "Bearer " + settings.internal_service_token}
