# Mirrors terraform-aws-modules/vpc/aws 6.5.1: the inputs and outputs modules/network uses.

variable "name" {
  type = string
}

variable "cidr" {
  type = string
}

variable "azs" {
  type = list(string)
}

variable "private_subnets" {
  type = list(string)
}

variable "public_subnets" {
  type = list(string)
}

variable "enable_nat_gateway" {
  type = bool
}

variable "single_nat_gateway" {
  type = bool
}

variable "one_nat_gateway_per_az" {
  type = bool
}

variable "enable_dns_hostnames" {
  type = bool
}

variable "enable_dns_support" {
  type = bool
}

variable "public_subnet_tags" {
  type = map(string)
}

variable "private_subnet_tags" {
  type = map(string)
}

variable "tags" {
  type = map(string)
}

resource "terraform_data" "unknown" {}

output "vpc_id" {
  value = terraform_data.unknown.output
}

output "private_subnets" {
  value = terraform_data.unknown.output
}

output "public_subnets" {
  value = terraform_data.unknown.output
}
