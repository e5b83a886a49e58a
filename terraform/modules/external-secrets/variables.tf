variable "cluster_name" {
  description = "The EKS cluster the operator runs in; its role is `<cluster_name>-external-secrets` and Argo CD's secrets live under `argocd/<cluster_name>/`."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z][a-zA-Z0-9-]{0,99}$", var.cluster_name))
    error_message = "A cluster name starts with a letter and holds letters, digits and '-'."
  }
}

variable "namespace" {
  description = "Namespace of the External Secrets Operator (the `external-secrets` Application of argocd/clusters/<cluster>)."
  type        = string
  default     = "external-secrets"
}

variable "service_account" {
  description = "ServiceAccount of the operator's controller."
  type        = string
  default     = "external-secrets"
}

variable "reader_role_arns" {
  description = "The roles the operator may assume to read secrets (each environment's `users-<env>-secrets-reader`, from `modules/secrets`); Argo CD's reader is added by this module."
  type        = list(string)

  validation {
    condition     = alltrue([for arn in var.reader_role_arns : can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:role/[a-zA-Z0-9+=,.@_-]+$", arn))])
    error_message = "reader_role_arns are ARNs of named IAM roles, without wildcards."
  }
}

variable "tags" {
  description = "Tags added to every resource of the module."
  type        = map(string)
  default     = {}
}
