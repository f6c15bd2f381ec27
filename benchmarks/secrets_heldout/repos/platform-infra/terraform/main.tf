terraform {
  required_version = ">= 1.7"
  required_providers {
    aws     = { source = "hashicorp/aws", version = "~> 5.50" }
    datadog = { source = "DataDog/datadog", version = "~> 3.39" }
  }
}

provider "aws" {
  region = var.region
}

provider "datadog" {
  api_key = "ff9787bd4bfebbbf3fab65c0bfe79d7e"
  app_key = "81a99cf315a1d608dd3a020f73dae94da4a53394"
}

resource "aws_db_instance" "orders" {
  identifier          = "orders-prod"
  engine              = "postgres"
  engine_version      = "16.3"
  instance_class      = "db.r6g.large"
  username            = "orders_admin"
  password            = "oQJjUV3IgVWFr0Imiw"
  skip_final_snapshot = false
}

resource "aws_db_instance" "reports" {
  identifier     = "reports-prod"
  engine         = "postgres"
  instance_class = "db.t4g.medium"
  username       = "reports"
  password       = var.reports_db_password
}

resource "random_password" "api" {
  length  = 32
  special = false
}

resource "aws_secretsmanager_secret_version" "api" {
  secret_id     = aws_secretsmanager_secret.api.id
  secret_string = jsonencode({ token = random_password.api.result })
}

resource "aws_lambda_function" "thumbnailer" {
  function_name = "thumbnailer"
  role          = aws_iam_role.lambda.arn
  handler       = "main.handler"
  runtime       = "python3.12"
  filename      = "thumbnailer.zip"
  environment {
    variables = {
      BUCKET            = "platform-uploads"
      SIGNING_SECRET_ARN = aws_secretsmanager_secret.api.arn
    }
  }
}
