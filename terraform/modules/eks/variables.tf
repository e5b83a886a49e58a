variable "name" {
  description = "Name of the cluster (`dev` or `prod`)."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z][a-zA-Z0-9-]{0,99}$", var.name))
    error_message = "A cluster name starts with a letter and holds letters, digits and '-'."
  }
}

variable "kubernetes_version" {
  description = "Kubernetes `<major>.<minor>` of the control plane and nodes. Upgrade one minor version at a time."
  type        = string

  validation {
    condition     = can(regex("^1\\.[0-9]{2}$", var.kubernetes_version))
    error_message = "kubernetes_version is <major>.<minor>, e.g. 1.34."
  }
}

variable "vpc_id" {
  description = "VPC of the cluster."
  type        = string
}

variable "subnet_ids" {
  description = "Private subnets (at least two zones) for the control plane's network interfaces and the nodes."
  type        = list(string)

  validation {
    condition     = length(var.subnet_ids) >= 2
    error_message = "Give private subnets in at least two availability zones."
  }
}

variable "endpoint_public_access" {
  description = "Whether the API server is also reachable from the internet (for operators outside the VPC); the private endpoint is always on."
  type        = bool
  default     = false
}

variable "endpoint_public_access_cidrs" {
  description = "Source ranges allowed to reach the public endpoint (the operators' egress); never 0.0.0.0/0."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for cidr in var.endpoint_public_access_cidrs : can(cidrnetmask(cidr)) && cidr != "0.0.0.0/0"])
    error_message = "endpoint_public_access_cidrs must be IPv4 ranges, never 0.0.0.0/0."
  }
}

variable "node_instance_types" {
  description = "Instance types of the managed node group, in order of preference."
  type        = list(string)
  default     = ["m6i.large"]
}

variable "node_min_size" {
  description = "Fewest nodes; at least 2 so that one node's loss leaves the apps running."
  type        = number
  default     = 2

  validation {
    condition     = var.node_min_size >= 2
    error_message = "node_min_size must be at least 2."
  }
}

variable "node_max_size" {
  description = "Most nodes."
  type        = number
  default     = 6
}

variable "node_desired_size" {
  description = "Nodes at creation; later changes are left to scaling."
  type        = number
  default     = 2
}

variable "admin_role_arns" {
  description = "IAM roles given cluster-admin through EKS access entries: the platform operators (who run terraform/cluster-bootstrap)."
  type        = list(string)
  default     = []
}

variable "viewer_role_arns" {
  description = "IAM roles given read access without Secrets (AmazonEKSViewPolicy) through EKS access entries: people, never CI."
  type        = list(string)
  default     = []
}

variable "enable_irsa" {
  description = "Also create the IAM OIDC provider for IRSA. Off: the apps use EKS Pod Identity."
  type        = bool
  default     = false
}

variable "log_retention_days" {
  description = "Days the control-plane logs are kept in CloudWatch."
  type        = number
  default     = 90
}

variable "tags" {
  description = "Tags added to every resource of the module."
  type        = map(string)
  default     = {}
}
