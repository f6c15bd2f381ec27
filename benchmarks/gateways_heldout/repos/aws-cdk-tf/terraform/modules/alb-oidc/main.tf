resource "aws_lb_listener_rule" "console" {
  listener_arn = var.listener_arn
  priority     = 20

  action {
    type = "authenticate-oidc"

    authenticate_oidc {
      issuer                     = "https://sso.orders-cloud.example"
      authorization_endpoint     = "https://sso.orders-cloud.example/oauth2/authorize"
      token_endpoint             = "https://sso.orders-cloud.example/oauth2/token"
      user_info_endpoint         = "https://sso.orders-cloud.example/oauth2/userinfo"
      client_id                  = var.client_id
      client_secret              = var.client_secret
      on_unauthenticated_request = "deny"
    }
  }

  action {
    type             = "forward"
    target_group_arn = var.console_tg_arn
  }

  condition {
    path_pattern {
      values = ["/console/*"]
    }
  }
}

resource "aws_lb_listener_rule" "reports" {
  listener_arn = var.listener_arn
  priority     = 30

  action {
    type = "authenticate-oidc"

    authenticate_oidc {
      issuer                     = "https://sso.orders-cloud.example"
      authorization_endpoint     = "https://sso.orders-cloud.example/oauth2/authorize"
      token_endpoint             = "https://sso.orders-cloud.example/oauth2/token"
      user_info_endpoint         = "https://sso.orders-cloud.example/oauth2/userinfo"
      client_id                  = var.client_id
      client_secret              = var.client_secret
      on_unauthenticated_request = "allow"
    }
  }

  action {
    type             = "forward"
    target_group_arn = var.reports_tg_arn
  }

  condition {
    path_pattern {
      values = ["/reports/*"]
    }
  }
}
