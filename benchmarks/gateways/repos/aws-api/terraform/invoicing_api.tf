resource "aws_apigatewayv2_api" "invoicing" {
  name          = "invoicing"
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_authorizer" "cognito" {
  api_id           = aws_apigatewayv2_api.invoicing.id
  authorizer_type  = "JWT"
  identity_sources = ["$request.header.Authorization"]
  name             = "cognito-acme-prod"

  jwt_configuration {
    audience = [var.invoicing_client_id]
    issuer   = "https://cognito-idp.eu-west-1.amazonaws.com/${var.user_pool_id}"
  }
}

resource "aws_apigatewayv2_route" "list_invoices" {
  api_id             = aws_apigatewayv2_api.invoicing.id
  route_key          = "GET /invoices"
  authorization_type = "JWT"
  authorizer_id      = aws_apigatewayv2_authorizer.cognito.id
  target             = "integrations/${aws_apigatewayv2_integration.invoices.id}"
}

resource "aws_apigatewayv2_route" "refund_invoice" {
  api_id             = aws_apigatewayv2_api.invoicing.id
  route_key          = "POST /invoices/{id}/refund"
  authorization_type = "NONE"
  target             = "integrations/${aws_apigatewayv2_integration.invoices.id}"
}

resource "aws_apigatewayv2_route" "ping" {
  api_id             = aws_apigatewayv2_api.invoicing.id
  route_key          = "GET /ping"
  authorization_type = "NONE"
  target             = "integrations/${aws_apigatewayv2_integration.invoices.id}"
}

resource "aws_apigatewayv2_integration" "invoices" {
  api_id                 = aws_apigatewayv2_api.invoicing.id
  integration_type       = "AWS_PROXY"
  integration_uri        = aws_lambda_function.invoices.invoke_arn
  payload_format_version = "2.0"
}

# v1 REST API kept for the ERP connector
resource "aws_api_gateway_rest_api" "erp" {
  name = "invoicing-erp"
}

resource "aws_api_gateway_resource" "erp_sync" {
  rest_api_id = aws_api_gateway_rest_api.erp.id
  parent_id   = aws_api_gateway_rest_api.erp.root_resource_id
  path_part   = "sync"
}

resource "aws_api_gateway_method" "erp_sync_post" {
  rest_api_id   = aws_api_gateway_rest_api.erp.id
  resource_id   = aws_api_gateway_resource.erp_sync.id
  http_method   = "POST"
  authorization = "NONE"
}

resource "aws_api_gateway_method" "erp_sync_get" {
  rest_api_id   = aws_api_gateway_rest_api.erp.id
  resource_id   = aws_api_gateway_resource.erp_sync.id
  http_method   = "GET"
  authorization = "CUSTOM"
  authorizer_id = aws_api_gateway_authorizer.erp_token.id
}

resource "aws_api_gateway_authorizer" "erp_token" {
  name           = "erp-token"
  rest_api_id    = aws_api_gateway_rest_api.erp.id
  authorizer_uri = aws_lambda_function.token_authorizer.invoke_arn
}
