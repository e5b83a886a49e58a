output "role_arn" {
  description = "The operator's role (bound to its ServiceAccount by Pod Identity)."
  value       = aws_iam_role.this.arn
}

output "argocd_reader_role_arn" {
  description = "Role of the `argocd` ClusterSecretStore."
  value       = module.this.reader_role_arn
}

output "argocd_secret_names" {
  description = "Argo CD's secrets by short name (`github-app`, `oidc`): where the operator puts the values."
  value       = module.this.secret_names
}
