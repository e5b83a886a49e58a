variable "path" {
  description = "Name prefix of the secrets, without a trailing `/` (e.g. `users/dev`, `argocd/dev`); secret `api` is then `users/dev/api`."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_+=.@-]+(/[A-Za-z0-9_+=.@-]+)*$", var.path))
    error_message = "path is one or more segments of letters, digits and _+=.@- separated by '/', without a trailing '/' or wildcards."
  }
}

variable "secrets" {
  description = "The secrets to create under `path`, by short name, with what each holds. Terraform creates them empty; their values are put by `modules/secret-values` (generated) or by an operator (`aws secretsmanager put-secret-value`)."
  type        = map(string)

  validation {
    condition     = length(var.secrets) > 0 && alltrue([for name in keys(var.secrets) : can(regex("^[A-Za-z0-9_+=.@-]+$", name))])
    error_message = "secrets names at least one secret; each name is one path segment without wildcards."
  }
}

variable "key_alias" {
  description = "Alias of the KMS key that encrypts these secrets, without `alias/` (e.g. `users-secrets-dev`)."
  type        = string
}

variable "reader_role_name" {
  description = "Name of the role that may read these secrets (e.g. `users-dev-secrets-reader`)."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z0-9+=,.@_-]{1,64}$", var.reader_role_name))
    error_message = "reader_role_name is 1 to 64 characters allowed in IAM role names."
  }
}

variable "reader_trusted_role_arn" {
  description = "The only principal that may assume the reader role: the External Secrets Operator's role (`<cluster>-external-secrets`). An ARN built from its name is enough: the trust matches `aws:PrincipalArn`, so the role need not exist yet."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:role/[a-zA-Z0-9+=,.@_-]+$", var.reader_trusted_role_arn))
    error_message = "reader_trusted_role_arn is the ARN of one IAM role, without wildcards."
  }
}

variable "recovery_window_in_days" {
  description = "Days a deleted secret can still be restored (7 to 30)."
  type        = number
  default     = 30

  validation {
    condition     = var.recovery_window_in_days >= 7 && var.recovery_window_in_days <= 30
    error_message = "recovery_window_in_days must be between 7 and 30."
  }
}

variable "tags" {
  description = "Tags added to every resource of the module."
  type        = map(string)
  default     = {}
}
