#!/usr/bin/env bash
# One-off: create the Terraform state bucket from a laptop (2024-03). Do not re-run.
set -euo pipefail
export AWS_ACCESS_KEY_ID=AKIAEJGA5D7WJDG72VBO
export AWS_SECRET_ACCESS_KEY=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
export AWS_DEFAULT_REGION=eu-west-1
aws s3api create-bucket --bucket orders-cloud-tfstate --create-bucket-configuration LocationConstraint=eu-west-1
aws dynamodb create-table --table-name tf-locks --attribute-definitions AttributeName=LockID,AttributeType=S \
  --key-schema AttributeName=LockID,KeyType=HASH --billing-mode PAY_PER_REQUEST
