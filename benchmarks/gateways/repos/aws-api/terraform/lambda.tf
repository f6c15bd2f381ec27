resource "aws_lambda_function" "invoices" {
  function_name = "invoices"
  role          = aws_iam_role.invoices.arn
  handler       = "invoices.handler"
  runtime       = "python3.12"
  filename      = "build/invoices.zip"

  environment {
    variables = {
      DB_SECRET_ARN          = "arn:aws:secretsmanager:eu-west-1:481516234200:secret:invoices/db-Ab12Cd"
      STRIPE_KEY_PARAM       = "/invoices/prod/stripe-key"
      LEGACY_S3_ACCESS_KEY   = "AKIAIZ6W7IX2TOASHTOA"
      INVOICE_LINK_SIGNING_KEY = "Ve8pN3qT6wY1zK4mR7bX0cF5hJ2sL9dG"
    }
  }
}

resource "aws_lambda_function" "token_authorizer" {
  function_name = "erp-token-authorizer"
  role          = aws_iam_role.invoices.arn
  handler       = "authorizer.app.handler"
  runtime       = "python3.12"
  filename      = "build/authorizer.zip"

  environment {
    variables = {
      COGNITO_ISSUER = "https://cognito-idp.eu-west-1.amazonaws.com/${var.user_pool_id}"
      JWKS_URL       = "https://cognito-idp.eu-west-1.amazonaws.com/${var.user_pool_id}/.well-known/jwks.json"
    }
  }
}
