variable "region" {
  description = "AWS region of the cluster and the data (Helm `aws.region`)."
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
  description = "This repository (`owner/name`), for tags and the Argo CD source."
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
  default     = 3
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
  description = "Egress ranges of the operators allowed to the public API endpoint (CI never talks to the cluster)."
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
}

variable "cluster_viewer_role_arns" {
  description = "Roles of people with read access to the cluster (AmazonEKSViewPolicy: no Secrets). Never a CI role."
  type        = list(string)
}

variable "environments" {
  description = "The environments this cluster hosts (prod), keyed by name; each runs in namespace `users-<name>` and is configured by `deploy/values/<name>/*.yaml`."
  type = map(object({
    users_table             = string
    avatars_bucket          = string
    api_service_account     = string
    sweeper_service_account = string
    cors_allowed_origins    = list(string)
  }))

  validation {
    condition     = length(var.environments) > 0 && alltrue([for name in keys(var.environments) : contains(["prod"], name)])
    error_message = "The prod cluster hosts the environment prod only."
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
  default     = ["api", "avatar-sweeper"]
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
