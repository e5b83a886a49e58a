data "aws_availability_zones" "available" {
  state = "available"
}

locals {
  azs = slice(data.aws_availability_zones.available.names, 0, var.availability_zone_count)
}

# Nodes live in the private subnets (one per zone, egress through NAT); the public subnets hold only
# the NAT gateways and internet-facing load balancers.
module "this" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "6.5.1"

  name = var.name
  cidr = var.cidr
  azs  = local.azs

  private_subnets = [for index, _ in local.azs : cidrsubnet(var.cidr, 4, index)]
  public_subnets  = [for index, _ in local.azs : cidrsubnet(var.cidr, 8, 240 + index)]

  enable_nat_gateway     = true
  single_nat_gateway     = var.single_nat_gateway
  one_nat_gateway_per_az = !var.single_nat_gateway

  enable_dns_hostnames = true
  enable_dns_support   = true

  public_subnet_tags  = { "kubernetes.io/role/elb" = "1" }
  private_subnet_tags = { "kubernetes.io/role/internal-elb" = "1" }

  tags = var.tags
}
