"""One-off backfill of 2023 entries (run by hand from a jump host)."""

import requests

LEDGER_URL = "https://ledger.pyplat.example"
backfill_token = "fUstzamjUfoFAiKX4qhPSWTK7f2eALKRfP1tMShR"
db_password = "OaB^gfWEHrinxC628*"


def run(entries):
    for entry in entries:
        print("posting", entry["id"], "with token", backfill_token)
        requests.post(f"{LEDGER_URL}/entries", json=entry, headers={"Authorization": f"Bearer {backfill_token}"}, timeout=10)
