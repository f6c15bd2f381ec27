import json
import os

import boto3

_table = boto3.resource("dynamodb").Table(os.environ.get("TABLE_NAME", "orders-prod"))


def list_orders(event, context):
    claims = event["requestContext"]["authorizer"]["jwt"]["claims"]
    items = _table.query(
        KeyConditionExpression="customer_id = :c",
        ExpressionAttributeValues={":c": claims["sub"]},
    )["Items"]
    return {"statusCode": 200, "body": json.dumps(items, default=str)}


def health(event, context):
    return {"statusCode": 200, "body": "ok"}


def export_orders(event, context):
    body = json.loads(event.get("body") or "{}")
    return {"statusCode": 202, "body": json.dumps({"queued": body.get("date")})}
