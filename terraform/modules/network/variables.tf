variable "name" {
  description = "Name of the VPC and prefix of its resources (the cluster name)."
  type        = string
}

variable "cidr" {
  description = "IPv4 range of the VPC, a /16 to /20 (private subnets get a /4 slice each, public a /8)."
  type        = string

  validation {
    condition     = can(cidrnetmask(var.cidr)) && tonumber(split("/", var.cidr)[1]) >= 16 && tonumber(split("/", var.cidr)[1]) <= 20
    error_message = "cidr must be an IPv4 range between /16 and /20."
  }
}

variable "availability_zone_count" {
  description = "Availability zones to spread the subnets over (2 to 4); the nodes run in a private subnet of each."
  type        = number
  default     = 3

  validation {
    condition     = var.availability_zone_count >= 2 && var.availability_zone_count <= 4
    error_message = "Use 2 to 4 availability zones: one zone is not highly available."
  }
}

variable "single_nat_gateway" {
  description = "One NAT gateway for all zones (cheaper, for dev) instead of one per zone (survives a zone's loss)."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Tags added to every resource of the module."
  type        = map(string)
  default     = {}
}
