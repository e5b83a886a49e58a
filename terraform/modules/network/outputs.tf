output "vpc_id" {
  description = "ID of the VPC."
  value       = module.this.vpc_id
}

output "private_subnet_ids" {
  description = "Private subnets, one per availability zone (nodes and pods)."
  value       = module.this.private_subnets
}

output "public_subnet_ids" {
  description = "Public subnets, one per availability zone (NAT gateways, internet-facing load balancers)."
  value       = module.this.public_subnets
}

output "availability_zones" {
  description = "Availability zones in use."
  value       = local.azs
}
