variable "table_name" {
  description = "Name of the users table (the API's `USERS_TABLE`, Helm `aws.usersTable`)."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z0-9_.-]{3,255}$", var.table_name))
    error_message = "A DynamoDB table name is 3 to 255 letters, digits, '_', '-' or '.'."
  }
}

variable "bucket_name" {
  description = "Name of the avatars bucket (the API's `AVATARS_BUCKET`, Helm `aws.avatarsBucket`). Globally unique."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$", var.bucket_name))
    error_message = "A bucket name is 3 to 63 lowercase letters, digits or '-', starting and ending with a letter or digit."
  }
}

variable "kms_key_arn" {
  description = "Customer-managed KMS key that encrypts the table and the bucket."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:", var.kms_key_arn))
    error_message = "kms_key_arn must be a KMS key ARN."
  }
}

variable "cors_allowed_origins" {
  description = "Browser origins allowed to PUT avatars straight to the bucket with a presigned URL. Empty: no CORS rule (no browser uploads)."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for origin in var.cors_allowed_origins : can(regex("^https?://[^*/]+$", origin))])
    error_message = "Each origin is scheme://host[:port], without a path or '*'."
  }
}

variable "noncurrent_version_expiration_days" {
  description = "Days an overwritten or deleted avatar version is kept before it expires."
  type        = number
  default     = 30

  validation {
    condition     = var.noncurrent_version_expiration_days >= 1
    error_message = "noncurrent_version_expiration_days must be at least 1."
  }
}

variable "abort_incomplete_multipart_upload_days" {
  description = "Days after which parts of an unfinished multipart upload are removed."
  type        = number
  default     = 1

  validation {
    condition     = var.abort_incomplete_multipart_upload_days >= 1
    error_message = "abort_incomplete_multipart_upload_days must be at least 1."
  }
}

variable "tags" {
  description = "Tags added to every resource of the module."
  type        = map(string)
  default     = {}
}

variable "staged_upload_prefix" {
  description = "Key prefix of direct uploads waiting for /complete (`stagedUploadsPrefix` in packages/users-domain); a lifecycle rule expires what is left there after a day."
  type        = string
  default     = "uploads/"

  validation {
    condition     = can(regex("^[a-zA-Z0-9_.-]+/$", var.staged_upload_prefix))
    error_message = "staged_upload_prefix is one path segment ending with '/', without wildcards."
  }
}
