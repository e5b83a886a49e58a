variable "region" {
  description = "AWS region of the state bucket and the registries (the clusters' region)."
  type        = string
}

variable "account_id" {
  description = "The AWS account this root may change; any other account's credentials are refused."
  type        = string

  validation {
    condition     = can(regex("^[0-9]{12}$", var.account_id))
    error_message = "account_id is 12 digits."
  }
}

variable "state_bucket_name" {
  description = "Name of the Terraform state bucket (globally unique)."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$", var.state_bucket_name))
    error_message = "A bucket name is 3 to 63 lowercase letters, digits or '-'."
  }
}

variable "github_repository" {
  description = "The repository (`owner/name`) whose workflows get the CI roles."
  type        = string
}

variable "main_branch" {
  description = "Branch whose pushes may push images."
  type        = string
  default     = "main"
}

variable "apply_environments" {
  description = "GitHub Environments whose jobs may assume the Terraform apply role."
  type        = list(string)
  default     = ["dev", "staging", "prod"]
}

variable "ecr_repositories" {
  description = "One image repository per deployable app."
  type        = list(string)
  default     = ["api", "avatar-sweeper"]
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
