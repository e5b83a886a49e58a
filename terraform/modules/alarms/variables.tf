variable "name_prefix" {
  description = "Prefix of the alarms, the topic and its key alias (e.g. `users-dev`); the topic is `<name_prefix>-alarms`."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z0-9_-]{1,200}$", var.name_prefix))
    error_message = "name_prefix is letters, digits, '_' or '-'."
  }
}

variable "table_name" {
  description = "The users table whose throttled requests and system errors raise an alarm."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z0-9_.-]{3,255}$", var.table_name))
    error_message = "A DynamoDB table name is 3 to 255 letters, digits, '_', '-' or '.'."
  }
}

variable "bucket_name" {
  description = "The avatars bucket whose 5xx errors raise an alarm; the module adds its request metrics configuration `EntireBucket`."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.bucket_name))
    error_message = "A bucket name is 3 to 63 lowercase letters, digits, '.' or '-'."
  }
}

variable "runbook_url" {
  description = "URL of docs/runbook.md as a browser shows it; each alarm's description links its heading there."
  type        = string

  validation {
    condition     = can(regex("^https://[^#\\s]+$", var.runbook_url))
    error_message = "runbook_url is an https URL without an anchor."
  }
}

variable "subscriptions" {
  description = "Who the alarms notify: SNS protocol (email, https, sqs, lambda...) and endpoint. An email subscription must be confirmed from the message AWS sends."
  type = list(object({
    protocol = string
    endpoint = string
  }))
  default = []

  validation {
    condition     = alltrue([for subscription in var.subscriptions : contains(["email", "email-json", "http", "https", "sqs", "lambda", "sms", "firehose"], subscription.protocol)])
    error_message = "protocol must be one of email, email-json, http, https, sqs, lambda, sms, firehose."
  }
}

variable "dynamodb_throttled_requests_threshold" {
  description = "Throttled requests per minute, all operations summed, above which a minute counts as breaching."
  type        = number
  default     = 5
}

variable "dynamodb_system_errors_threshold" {
  description = "DynamoDB system errors per minute above which a minute counts as breaching."
  type        = number
  default     = 0
}

variable "s3_5xx_errors_threshold" {
  description = "S3 5xx answers per minute above which a minute counts as breaching."
  type        = number
  default     = 0
}

variable "evaluation_minutes" {
  description = "Minutes each alarm looks back over."
  type        = number
  default     = 5

  validation {
    condition     = var.evaluation_minutes >= 1 && var.evaluation_minutes <= 60
    error_message = "evaluation_minutes must be between 1 and 60."
  }
}

variable "breaching_minutes" {
  description = "Of those, how many must breach for the alarm to fire (M of N), so one bad minute does not page."
  type        = number
  default     = 3

  validation {
    condition     = var.breaching_minutes >= 1 && var.breaching_minutes <= var.evaluation_minutes
    error_message = "breaching_minutes must be between 1 and evaluation_minutes."
  }
}

variable "tags" {
  description = "Tags added to every resource of the module."
  type        = map(string)
  default     = {}
}
