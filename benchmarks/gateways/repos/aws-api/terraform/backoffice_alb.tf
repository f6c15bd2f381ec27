resource "aws_lb_listener_rule" "backoffice" {
  listener_arn = aws_lb_listener.https.arn
  priority     = 100

  action {
    type = "authenticate-oidc"

    authenticate_oidc {
      authorization_endpoint     = "https://auth.acme-corp.io/realms/staff/protocol/openid-connect/auth"
      client_id                  = "backoffice-alb"
      client_secret              = var.backoffice_oidc_client_secret
      issuer                     = "https://auth.acme-corp.io/realms/staff"
      token_endpoint             = "https://auth.acme-corp.io/realms/staff/protocol/openid-connect/token"
      user_info_endpoint         = "https://auth.acme-corp.io/realms/staff/protocol/openid-connect/userinfo"
      on_unauthenticated_request = "deny"
      session_timeout            = 3600
    }
  }

  action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.backoffice.arn
  }

  condition {
    path_pattern {
      values = ["/backoffice/*"]
    }
  }
}

resource "aws_lb_listener_rule" "reports_preview" {
  listener_arn = aws_lb_listener.https.arn
  priority     = 110

  action {
    type = "authenticate-oidc"

    authenticate_oidc {
      authorization_endpoint     = "https://auth.acme-corp.io/realms/staff/protocol/openid-connect/auth"
      client_id                  = "reports-alb"
      client_secret              = var.reports_oidc_client_secret
      issuer                     = "https://auth.acme-corp.io/realms/staff"
      token_endpoint             = "https://auth.acme-corp.io/realms/staff/protocol/openid-connect/token"
      user_info_endpoint         = "https://auth.acme-corp.io/realms/staff/protocol/openid-connect/userinfo"
      on_unauthenticated_request = "allow"
    }
  }

  action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.reports.arn
  }

  condition {
    path_pattern {
      values = ["/reports/*"]
    }
  }
}
