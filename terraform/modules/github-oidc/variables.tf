variable "github_repository" {
  description = "The repository (`owner/name`) whose workflows may assume the roles."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9-]+/[A-Za-z0-9._-]+$", var.github_repository))
    error_message = "github_repository is owner/name, without wildcards."
  }
}

variable "main_branch" {
  description = "The protected branch: its pushes build and push images, and only its jobs in an apply Environment may apply."
  type        = string
  default     = "main"

  validation {
    condition     = can(regex("^[A-Za-z0-9._/-]+$", var.main_branch))
    error_message = "main_branch is a branch name, without wildcards."
  }
}

variable "apply_environments" {
  description = "GitHub Environments whose jobs on main_branch may assume the Terraform apply role (deployment branches: main only; `prod` with required reviewers)."
  type        = list(string)
  default     = ["dev", "staging", "prod"]

  validation {
    condition     = length(var.apply_environments) > 0 && alltrue([for environment in var.apply_environments : can(regex("^[A-Za-z0-9_-]+$", environment))])
    error_message = "apply_environments are GitHub Environment names, without wildcards."
  }
}

variable "ecr_repository_arns" {
  description = "Repositories the image-push role may push to."
  type        = list(string)

  validation {
    condition     = length(var.ecr_repository_arns) > 0 && alltrue([for arn in var.ecr_repository_arns : can(regex("^arn:aws[a-z-]*:ecr:[a-z0-9-]+:[0-9]{12}:repository/[a-z0-9._/-]+$", arn))])
    error_message = "ecr_repository_arns must be ARNs of named repositories."
  }
}

variable "state_bucket_arn" {
  description = "Bucket of the Terraform state."
  type        = string
}

variable "state_kms_key_arn" {
  description = "KMS key of the Terraform state bucket."
  type        = string
}

variable "plan_policy_arns" {
  description = "Managed policies of the plan role (read-only: plan refreshes every resource)."
  type        = list(string)
  default     = ["arn:aws:iam::aws:policy/ReadOnlyAccess"]
}

variable "apply_policy_arns" {
  description = "Managed policies of the apply role, which creates everything in envs/* (IAM roles, EKS, VPC). Narrow it with a permissions boundary where the organisation requires one."
  type        = list(string)
  default     = ["arn:aws:iam::aws:policy/AdministratorAccess"]
}

variable "name_prefix" {
  description = "Prefix of the role names."
  type        = string
  default     = "github-actions"
}

variable "tags" {
  description = "Tags added to every resource of the module."
  type        = map(string)
  default     = {}
}
