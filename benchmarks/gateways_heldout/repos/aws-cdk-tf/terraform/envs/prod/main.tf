module "invoices_api" {
  source       = "../../modules/http-api"
  name         = "invoices"
  region       = "eu-west-1"
  user_pool_id = "eu-west-1_Xq7Lm2PzA"
  audience     = var.audience
  lambda_arn   = aws_lambda_function.invoices.arn
}

module "console_auth" {
  source         = "../../modules/alb-oidc"
  listener_arn   = var.listener_arn
  client_id      = "orders-console"
  client_secret  = var.alb_client_secret
  console_tg_arn = var.console_tg_arn
  reports_tg_arn = var.reports_tg_arn
}

resource "aws_lambda_function" "invoices" {
  function_name = "invoices-prod"
  role          = var.lambda_role_arn
  handler       = "handler.main"
  runtime       = "python3.12"
  filename      = "build/invoices.zip"

  environment {
    variables = {
      COGNITO_ISSUER = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Xq7Lm2PzA"
      PARTNER_JWKS_URL = "http://partner-auth.orders-cloud.example/.well-known/jwks.json"
      DB_SECRET_ARN  = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:invoices/db-9xYzAb"
    }
  }
}
