variable "name" { type = string }
variable "region" { type = string }
variable "user_pool_id" { type = string }
variable "audience" { type = string }
variable "lambda_arn" { type = string }
