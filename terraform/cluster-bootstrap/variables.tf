variable "region" {
  description = "AWS region of the cluster."
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

variable "github_repository" {
  description = "This repository (`owner/name`), for tags."
  type        = string
}

variable "cluster_name" {
  description = "The cluster to bootstrap (created by envs/<cluster_name>); picks `argocd/clusters/<cluster_name>/argo-cd.yaml` and `argocd/bootstrap/root-<cluster_name>.yaml`."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z][a-zA-Z0-9-]{0,99}$", var.cluster_name))
    error_message = "A cluster name starts with a letter and holds letters, digits and '-'."
  }
}

variable "environments" {
  description = "The environments the cluster hosts (the keys of `environments` in envs/<cluster_name>); each gets a first generated value in `users/<env>/api`."
  type        = list(string)

  validation {
    condition     = length(var.environments) > 0 && alltrue([for name in var.environments : can(regex("^[a-z0-9-]+$", name))])
    error_message = "Name at least one environment, in lowercase letters, digits and '-'."
  }
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
