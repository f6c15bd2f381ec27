"""Ledger entries: the API converts amounts through fx-rates before booking them."""

import requests
from django.conf import settings
from rest_framework.decorators import api_view
from rest_framework.response import Response

from platform_common.service_token import service_token


@api_view(["POST"])
def book_entry(request):
    amount, currency = request.data["amount"], request.data["currency"]
    rate = requests.get(
        f"{settings.FX_RATES_URL}/rates/{currency}",
        headers={"Authorization": request.META["HTTP_AUTHORIZATION"]},
        timeout=3,
    ).json()["rate"]
    return Response({"booked": amount * rate})


@api_view(["GET"])
def reconcile(request):
    rates = requests.get(
        f"{settings.FX_RATES_URL}/rates",
        headers={
            "Authorization": f"Bearer {service_token('fx-rates')}",
            "X-Request-ID": request.headers.get("X-Request-ID", ""),
        },
        timeout=3,
    ).json()
    return Response({"currencies": sorted(rates)})
