variable "repository_names" {
  description = "One repository per deployable app (`api`, `avatar-sweeper`)."
  type        = list(string)

  validation {
    condition     = length(var.repository_names) > 0 && alltrue([for name in var.repository_names : can(regex("^[a-z0-9]+(?:[._-][a-z0-9]+)*$", name))])
    error_message = "Repository names are lowercase letters and digits separated by '.', '_' or '-'."
  }
}

variable "tagged_images_to_keep" {
  description = "How many tagged images each repository keeps; older ones expire. Keep enough to roll prod back."
  type        = number
  default     = 200

  validation {
    condition     = var.tagged_images_to_keep >= 10
    error_message = "Keep at least 10 tagged images."
  }
}

variable "untagged_image_expiry_days" {
  description = "Days after which untagged images (leftovers of failed pushes) expire."
  type        = number
  default     = 7

  validation {
    condition     = var.untagged_image_expiry_days >= 1
    error_message = "untagged_image_expiry_days must be at least 1."
  }
}

variable "tags" {
  description = "Tags added to every resource of the module."
  type        = map(string)
  default     = {}
}
