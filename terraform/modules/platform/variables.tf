variable "github_repository" {
  description = "This repository (`owner/name`), whose runbook the alarms link."
  type        = string
}

variable "cluster_name" {
  description = "Name of the EKS cluster (`dev` or `prod`)."
  type        = string
}

variable "kubernetes_version" {
  description = "Kubernetes `<major>.<minor>` of the cluster."
  type        = string
}

variable "vpc_cidr" {
  description = "IPv4 range of the cluster's VPC."
  type        = string
}

variable "availability_zone_count" {
  description = "Availability zones the nodes spread over (at least 2)."
  type        = number
}

variable "single_nat_gateway" {
  description = "One NAT gateway instead of one per zone (cheaper, not zone-redundant)."
  type        = bool
}

variable "endpoint_public_access" {
  description = "Whether the Kubernetes API is reachable from endpoint_public_access_cidrs (Terraform and kubectl outside the VPC)."
  type        = bool
}

variable "endpoint_public_access_cidrs" {
  description = "Egress ranges of the CI runners and operators allowed to the public API endpoint."
  type        = list(string)
}

variable "node_instance_types" {
  description = "Instance types of the node group."
  type        = list(string)
}

variable "node_min_size" {
  description = "Fewest nodes."
  type        = number
}

variable "node_max_size" {
  description = "Most nodes."
  type        = number
}

variable "node_desired_size" {
  description = "Nodes at creation."
  type        = number
}

variable "cluster_admin_role_arns" {
  description = "Roles of the operators with cluster-admin (who run terraform/cluster-bootstrap). Never a CI role: no workflow talks to the cluster."
  type        = list(string)

  validation {
    condition     = alltrue([for arn in var.cluster_admin_role_arns : !strcontains(arn, ":role/github-actions-")])
    error_message = "cluster_admin_role_arns names a CI role (github-actions-*): CI gets no cluster access."
  }
}

variable "cluster_viewer_role_arns" {
  description = "Roles of people with read access to the cluster (AmazonEKSViewPolicy: no Secrets). Never a CI role."
  type        = list(string)

  validation {
    condition     = alltrue([for arn in var.cluster_viewer_role_arns : !strcontains(arn, ":role/github-actions-")])
    error_message = "cluster_viewer_role_arns names a CI role (github-actions-*): CI gets no cluster access."
  }
}

variable "environments" {
  description = "The environments this cluster hosts, keyed by name; each runs in namespace `users-<name>` and is configured by `deploy/values/<name>/*.yaml`. The calling root says which names it accepts."
  type = map(object({
    users_table             = string
    avatars_bucket          = string
    api_service_account     = string
    sweeper_service_account = string
    cors_allowed_origins    = list(string)
  }))

  validation {
    condition     = length(var.environments) > 0
    error_message = "A cluster hosts at least one environment."
  }
}

variable "alarm_subscriptions" {
  description = "Who each environment's CloudWatch alarms notify, by environment name: SNS protocol and endpoint (e.g. email). Email subscriptions must be confirmed from the message AWS sends."
  type = map(list(object({
    protocol = string
    endpoint = string
  })))
  default = {}

  validation {
    condition     = alltrue([for name in keys(var.alarm_subscriptions) : contains(keys(var.environments), name)])
    error_message = "alarm_subscriptions names only environments of var.environments."
  }
}

variable "ecr_repositories" {
  description = "Image repositories (created by terraform/bootstrap) whose URLs are output."
  type        = list(string)
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
