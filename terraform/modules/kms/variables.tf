variable "alias" {
  description = "Alias of the key, without the `alias/` prefix (e.g. `users-data-dev`)."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z0-9/_-]{1,250}$", var.alias)) && !startswith(var.alias, "alias/") && !startswith(var.alias, "aws/")
    error_message = "The alias is letters, digits, '/', '_' and '-', without the alias/ prefix, and must not start with aws/."
  }
}

variable "description" {
  description = "What the key protects, as shown in the KMS console."
  type        = string
}

variable "via_services" {
  description = "AWS services (short names, e.g. `dynamodb`, `s3`, `secretsmanager`) through which principals of this account may use the key. Use outside these services is refused."
  type        = list(string)

  validation {
    condition     = length(var.via_services) > 0 && alltrue([for service in var.via_services : contains(["dynamodb", "s3", "ecr", "logs", "secretsmanager"], service)])
    error_message = "via_services must name at least one of: dynamodb, s3, ecr, logs, secretsmanager."
  }
}

variable "user_role_arns" {
  description = "IAM roles that use the key through via_services (the application and CI roles). They still need an IAM policy that allows it."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for arn in var.user_role_arns : can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:role/", arn))])
    error_message = "user_role_arns must be IAM role ARNs."
  }
}

variable "deletion_window_in_days" {
  description = "Days a scheduled key deletion waits before the key is gone (7 to 30)."
  type        = number
  default     = 30

  validation {
    condition     = var.deletion_window_in_days >= 7 && var.deletion_window_in_days <= 30
    error_message = "deletion_window_in_days must be between 7 and 30."
  }
}

variable "tags" {
  description = "Tags added to every resource of the module."
  type        = map(string)
  default     = {}
}
