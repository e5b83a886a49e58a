variable "name_prefix" {
  description = "Prefix of the role names, e.g. `users-dev` gives `users-dev-api` and `users-dev-avatar-sweeper`."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z0-9+=,.@_-]{1,40}$", var.name_prefix))
    error_message = "name_prefix is 1 to 40 characters allowed in IAM role names."
  }
}

variable "cluster_names" {
  description = "EKS clusters whose pods may assume the roles (one Pod Identity association per cluster, app and role)."
  type        = list(string)

  validation {
    condition     = length(var.cluster_names) > 0
    error_message = "Name at least one cluster."
  }
}

variable "namespace" {
  description = "Kubernetes namespace of the environment (`users-<env>`); the roles trust service accounts of this namespace only."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$", var.namespace))
    error_message = "namespace must be a DNS-1123 label."
  }
}

variable "api_service_account" {
  description = "ServiceAccount of the API pods (Helm `serviceAccount.name` of the api chart)."
  type        = string
  default     = "api"

  validation {
    condition     = can(regex("^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$", var.api_service_account))
    error_message = "api_service_account must be a Kubernetes object name."
  }
}

variable "sweeper_service_account" {
  description = "ServiceAccount of the avatar-sweeper CronJob."
  type        = string
  default     = "avatar-sweeper"

  validation {
    condition     = can(regex("^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$", var.sweeper_service_account))
    error_message = "sweeper_service_account must be a Kubernetes object name."
  }
}

variable "table_arn" {
  description = "ARN of the users table."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:dynamodb:[a-z0-9-]+:[0-9]{12}:table/[a-zA-Z0-9_.-]+$", var.table_arn))
    error_message = "table_arn must be the ARN of one DynamoDB table."
  }
}

variable "table_index_arns" {
  description = "ARNs of the table's indexes the apps query (`byCreatedAt`)."
  type        = list(string)

  validation {
    condition     = length(var.table_index_arns) > 0 && alltrue([for arn in var.table_index_arns : can(regex("/index/[a-zA-Z0-9_.-]+$", arn))])
    error_message = "table_index_arns must be ARNs of named indexes."
  }
}

variable "bucket_arn" {
  description = "ARN of the avatars bucket."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$", var.bucket_arn))
    error_message = "bucket_arn must be the ARN of one bucket."
  }
}

variable "avatar_prefix" {
  description = "Key prefix of avatar objects; the only part of the bucket the apps may touch (`avatarKeyPrefix` in packages/users-domain)."
  type        = string
  default     = "avatars/"

  validation {
    condition     = can(regex("^[a-zA-Z0-9_.-]+/$", var.avatar_prefix))
    error_message = "avatar_prefix is one path segment ending with '/', without wildcards."
  }
}

variable "staged_upload_prefix" {
  description = "Key prefix of direct uploads waiting for /complete (`stagedUploadsPrefix` in packages/users-domain); the apps may touch it and the avatar prefix, nothing else."
  type        = string
  default     = "uploads/"

  validation {
    condition     = can(regex("^[a-zA-Z0-9_.-]+/$", var.staged_upload_prefix))
    error_message = "staged_upload_prefix is one path segment ending with '/', without wildcards."
  }
}

variable "kms_key_arns" {
  description = "KMS keys of the table and the bucket; used only through DynamoDB and S3."
  type        = list(string)

  validation {
    condition     = length(var.kms_key_arns) > 0 && alltrue([for arn in var.kms_key_arns : can(regex("^arn:aws[a-z-]*:kms:", arn))])
    error_message = "kms_key_arns must be KMS key ARNs."
  }
}

variable "oidc_provider_arn" {
  description = "IRSA alternative: the cluster's IAM OIDC provider ARN. When set, the roles also trust web identities of exactly these service accounts. Null: EKS Pod Identity only."
  type        = string
  default     = null
}

variable "tags" {
  description = "Tags added to every resource of the module."
  type        = map(string)
  default     = {}
}
