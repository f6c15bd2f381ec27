variable "region" {
  type    = string
  default = "eu-central-1"
}

variable "reports_db_password" {
  type      = string
  sensitive = true
}

variable "cloudflare_api_token" {
  type      = string
  sensitive = true
}

variable "github_token" {
  type      = string
  sensitive = true
}
