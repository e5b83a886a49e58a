output "cluster_name" {
  description = "Name of the cluster."
  value       = module.this.cluster_name
}

output "cluster_arn" {
  description = "ARN of the cluster."
  value       = module.this.cluster_arn
}

output "cluster_endpoint" {
  description = "URL of the Kubernetes API server."
  value       = module.this.cluster_endpoint
}

output "cluster_certificate_authority_data" {
  description = "Base64 certificate of the cluster's CA."
  value       = module.this.cluster_certificate_authority_data
}

output "oidc_provider_arn" {
  description = "IAM OIDC provider for IRSA (null unless enable_irsa)."
  value       = var.enable_irsa ? module.this.oidc_provider_arn : null
}

output "node_security_group_id" {
  description = "Security group shared by the nodes."
  value       = module.this.node_security_group_id
}
