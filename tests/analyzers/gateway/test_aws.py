"""AWS API Gateway and ALB: open routes, JWT authorizers without audience, anonymous ALB users."""

from __future__ import annotations

import pytest
from annotations import expected
from edge_cases import found

CLOUDFORMATION = {
    "open-route-next-to-an-authorizer": """\
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  OrdersAuthorizer:
    Type: AWS::ApiGatewayV2::Authorizer
    Properties:
      ApiId: !Ref OrdersApi
      # expect: JWT004
      AuthorizerType: JWT
      IdentitySource: ["$request.header.Authorization"]
      JwtConfiguration:
        Issuer: https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf
  ListOrders:
    Type: AWS::ApiGatewayV2::Route
    Properties:
      ApiId: !Ref OrdersApi
      RouteKey: GET /orders
      AuthorizationType: JWT
      AuthorizerId: !Ref OrdersAuthorizer
  DeleteOrder:
    Type: AWS::ApiGatewayV2::Route
    Properties:
      ApiId: !Ref OrdersApi
      RouteKey: DELETE /orders/{id}
      # expect: GW001
      AuthorizationType: NONE
  Health:
    Type: AWS::ApiGatewayV2::Route
    Properties:
      ApiId: !Ref OrdersApi
      RouteKey: GET /health
      AuthorizationType: NONE
""",
    "rest-method-open-and-alb-allowing-anonymous-users": """\
Resources:
  Authorizer:
    Type: AWS::ApiGateway::Authorizer
    Properties:
      Type: COGNITO_USER_POOLS
      RestApiId: !Ref Api
  AdminPost:
    Type: AWS::ApiGateway::Method
    Properties:
      HttpMethod: POST
      # expect: GW001
      AuthorizationType: NONE
  CorsPreflight:
    Type: AWS::ApiGateway::Method
    Properties:
      HttpMethod: OPTIONS
      AuthorizationType: NONE
  HttpsRule:
    Type: AWS::ElasticLoadBalancingV2::ListenerRule
    Properties:
      Actions:
        - Type: authenticate-oidc
          Order: 1
          AuthenticateOidcConfig:
            Issuer: https://login.example.com
            ClientId: orders-web
            ClientSecret: "{{resolve:secretsmanager:orders-oidc:SecretString:client_secret}}"
            # expect: GW001
            OnUnauthenticatedRequest: allow
            # expect: JWT007
            SessionTimeout: 604800
        - Type: forward
          Order: 2
          TargetGroupArn: !Ref Orders
""",
    "sam-event-opting-out-and-authorizer-without-audience": """\
Transform: AWS::Serverless-2016-10-31
Resources:
  OrdersApi:
    Type: AWS::Serverless::HttpApi
    Properties:
      Auth:
        DefaultAuthorizer: OrdersJwt
        Authorizers:
          # expect: JWT004
          OrdersJwt:
            IdentitySource: $request.header.Authorization
            JwtConfiguration:
              issuer: https://login.example.com/
  ExportOrders:
    Type: AWS::Serverless::Function
    Properties:
      Events:
        Export:
          Type: HttpApi
          Properties:
            ApiId: !Ref OrdersApi
            Path: /orders/export
            Method: GET
            Auth:
              # expect: GW001
              Authorizer: NONE
        Ping:
          Type: HttpApi
          Properties:
            ApiId: !Ref OrdersApi
            Path: /healthz
            Method: GET
            Auth:
              Authorizer: NONE
""",
    # --- tricky negatives ---
    "public-api-with-no-authentication-anywhere": """\
Resources:
  Catalog:
    Type: AWS::ApiGatewayV2::Route
    Properties:
      ApiId: !Ref CatalogApi
      RouteKey: GET /products
      AuthorizationType: NONE
""",
    "authorizer-with-audience-and-protected-routes": """\
Resources:
  Jwt:
    Type: AWS::ApiGatewayV2::Authorizer
    Properties:
      AuthorizerType: JWT
      JwtConfiguration:
        Audience: [orders-api]
        Issuer: https://login.example.com/
  Orders:
    Type: AWS::ApiGatewayV2::Route
    Properties:
      RouteKey: ANY /orders/{proxy+}
      AuthorizationType: JWT
      AuthorizerId: !Ref Jwt
  Preflight:
    Type: AWS::ApiGatewayV2::Route
    Properties:
      RouteKey: OPTIONS /orders/{proxy+}
  AlbRule:
    Type: AWS::ElasticLoadBalancingV2::ListenerRule
    Properties:
      Actions:
        - Type: authenticate-oidc
          AuthenticateOidcConfig:
            OnUnauthenticatedRequest: authenticate
            SessionTimeout: 3600
""",
}

SERVERLESS = {
    "event-without-authorizer-and-authorizer-without-audience": """\
service: orders
provider:
  name: aws
  httpApi:
    authorizers:
      # expect: JWT004
      cognito:
        identitySource: $request.header.Authorization
        issuerUrl: https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf
      auth0:
        issuerUrl: https://shop.eu.auth0.com/
        audience:
          - https://api.shop.example.com
functions:
  list:
    handler: orders.list
    events:
      - httpApi:
          method: GET
          path: /orders
          authorizer:
            name: auth0
  cancel:
    handler: orders.cancel
    events:
      # expect: GW001
      - httpApi:
          method: POST
          path: /orders/{id}/cancel
  health:
    handler: health.check
    events:
      - httpApi: GET /health
""",
    "rest-events-one-without-authorizer": """\
service: reports
provider:
  name: aws
functions:
  monthly:
    handler: reports.monthly
    events:
      - http:
          path: reports/monthly
          method: get
          authorizer: aws_iam
  export:
    handler: reports.export
    events:
      # expect: GW001
      - http:
          path: reports/export
          method: post
  ping:
    handler: reports.ping
    events:
      - http:
          path: ping
          method: get
""",
    # --- tricky negative ---
    "service-without-authorizers": """\
service: catalog
provider:
  name: aws
functions:
  products:
    handler: products.list
    events:
      - httpApi: GET /products
""",
}

TERRAFORM = {
    "route-without-authorization-and-authorizer-without-audience": """\
# expect: JWT004
resource "aws_apigatewayv2_authorizer" "jwt" {
  api_id           = aws_apigatewayv2_api.orders.id
  authorizer_type  = "JWT"
  identity_sources = ["$request.header.Authorization"]
  jwt_configuration {
    issuer = "https://login.example.com/"
  }
}

resource "aws_apigatewayv2_route" "orders" {
  api_id             = aws_apigatewayv2_api.orders.id
  route_key          = "GET /orders"
  authorization_type = "JWT"
  authorizer_id      = aws_apigatewayv2_authorizer.jwt.id
}

# expect: GW001
resource "aws_apigatewayv2_route" "refunds" {
  api_id    = aws_apigatewayv2_api.orders.id
  route_key = "POST /refunds"
}

resource "aws_apigatewayv2_route" "health" {
  api_id             = aws_apigatewayv2_api.orders.id
  route_key          = "GET /health"
  authorization_type = "NONE"
}
""",
    "alb-allowing-anonymous-users": """\
resource "aws_lb_listener_rule" "admin" {
  listener_arn = aws_lb_listener.https.arn
  action {
    type = "authenticate-oidc"
    authenticate_oidc {
      issuer        = "https://login.example.com"
      client_id     = "admin-console"
      client_secret = var.oidc_client_secret
      # expect: GW001
      on_unauthenticated_request = "allow"
      # expect: JWT007
      session_timeout = 604800
    }
  }
}
""",
    # --- tricky negatives ---
    "audience-from-a-variable-and-a-computed-authorization": """\
resource "aws_apigatewayv2_authorizer" "jwt" {
  authorizer_type = "JWT"
  jwt_configuration {
    audience = [var.audience]
    issuer   = var.issuer
  }
}

resource "aws_apigatewayv2_route" "orders" {
  route_key          = "ANY /orders"
  authorization_type = var.authorization_type
}
""",
    "lambda-environment-with-references-and-a-literal-signing-key": """\
resource "aws_lambda_function" "invoices" {
  function_name = "invoices"
  environment {
    variables = {
      DB_SECRET_ARN            = "arn:aws:secretsmanager:eu-west-1:481516234200:secret:invoices/db"
      STRIPE_KEY_PARAM         = "/invoices/prod/stripe-key"
      # expect: HMAC001
      INVOICE_LINK_SIGNING_KEY = "Ve8pN3qT6wY1zK4mR7bX0cF5hJ2sL9dG"
    }
  }
}
""",
    "no-authorizer-anywhere": """\
resource "aws_apigatewayv2_route" "products" {
  api_id    = aws_apigatewayv2_api.catalog.id
  route_key = "GET /products"
}
""",
}


@pytest.mark.parametrize(("name", "text"), CLOUDFORMATION.items(), ids=CLOUDFORMATION.keys())
def test_cloudformation(name: str, text: str) -> None:
    assert found("infra/template.yaml", text) == expected(text)


@pytest.mark.parametrize(("name", "text"), SERVERLESS.items(), ids=SERVERLESS.keys())
def test_serverless(name: str, text: str) -> None:
    assert found("serverless.yml", text) == expected(text)


@pytest.mark.parametrize(("name", "text"), TERRAFORM.items(), ids=TERRAFORM.keys())
def test_terraform(name: str, text: str) -> None:
    assert found("infra/api.tf", text) == expected(text)
