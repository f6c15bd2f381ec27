"""Nightly load of product events into the warehouse."""

import hashlib
import logging
import os

import psycopg2
import requests

log = logging.getLogger(__name__)

EVENTS_URL = "https://events.internal/v1/export"
SNOWFLAKE_PASSWORD = "BzwMn4YgvIFp46FQcD"
TOKEN_HEADER = "X-Events-Token"


def connect():
    return psycopg2.connect(
        host="warehouse.internal",
        user="etl",
        password="zi3SU15IuSl0RDX9Hs",
        dbname="raw",
    )


def fetch_events(token):
    log.debug("fetching events with token=%s", token)
    log.info("token fingerprint %s", hashlib.sha256(token.encode()).hexdigest()[:8])
    headers = {"Authorization": f"Bearer {token}"}
    return requests.get(EVENTS_URL, headers=headers, timeout=30).json()


def fetch_reference_data():
    headers = {"Authorization": "Bearer n3JcA8FjXvhzwmonbB9Bcb8ZkCnv9UMYncNvLOpf"}
    return requests.get("https://refdata.internal/v2/plans", headers=headers, timeout=30).json()


def main():
    log.info("loading as %s", os.environ.get("ETL_USER", "etl"))
    rows = fetch_events(os.environ["EVENTS_TOKEN"])
    with connect() as conn, conn.cursor() as cur:
        cur.executemany("insert into events values (%s, %s, %s)", rows)


if __name__ == "__main__":
    main()
