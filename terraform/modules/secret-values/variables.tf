variable "secrets" {
  description = "Secrets (full name or ARN, created by `modules/secrets`) to give a first value, with the JSON keys to generate in it, e.g. `{ \"users/dev/api\" = [\"API_KEYS\", \"TOKEN_SECRET\"] }`."
  type        = map(list(string))

  validation {
    condition     = length(var.secrets) > 0 && alltrue([for keys in values(var.secrets) : length(keys) > 0])
    error_message = "Name at least one secret, each with at least one key to generate."
  }
}

variable "length" {
  description = "Characters of each generated value (letters and digits only: the values are also comma-separated lists)."
  type        = number
  default     = 48

  validation {
    condition     = var.length >= 32
    error_message = "Generate at least 32 characters."
  }
}
