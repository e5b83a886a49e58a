# Mirrors terraform-aws-modules/eks/aws 21.10.1: the inputs and outputs modules/eks uses.

variable "name" {
  type = string
}

variable "kubernetes_version" {
  type = string
}

variable "vpc_id" {
  type = string
}

variable "subnet_ids" {
  type = list(string)
}

variable "endpoint_private_access" {
  type = bool
}

variable "endpoint_public_access" {
  type = bool
}

variable "endpoint_public_access_cidrs" {
  type = list(string)
}

variable "enabled_log_types" {
  type = list(string)
}

variable "cloudwatch_log_group_retention_in_days" {
  type = number
}

variable "authentication_mode" {
  type = string
}

variable "enable_cluster_creator_admin_permissions" {
  type = bool
}

variable "access_entries" {
  type = map(object({
    kubernetes_groups = optional(list(string))
    principal_arn     = string
    type              = optional(string, "STANDARD")
    user_name         = optional(string)
    tags              = optional(map(string), {})
    policy_associations = optional(map(object({
      policy_arn = string
      access_scope = object({
        namespaces = optional(list(string))
        type       = string
      })
    })), {})
  }))
}

variable "enable_irsa" {
  type = bool
}

# The release types these two as large optional-attribute objects; any keeps the stub short.
variable "addons" {
  type = any
}

variable "eks_managed_node_groups" {
  type = any
}

variable "tags" {
  type = map(string)
}

resource "terraform_data" "unknown" {}

output "cluster_name" {
  value = terraform_data.unknown.output
}

output "cluster_arn" {
  value = terraform_data.unknown.output
}

output "cluster_endpoint" {
  value = terraform_data.unknown.output
}

output "cluster_certificate_authority_data" {
  value = terraform_data.unknown.output
}

output "oidc_provider_arn" {
  value = terraform_data.unknown.output
}

output "node_security_group_id" {
  value = terraform_data.unknown.output
}
