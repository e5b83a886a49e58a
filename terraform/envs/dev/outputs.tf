output "cluster_name" {
  description = "Name of the EKS cluster."
  value       = module.platform.cluster_name
}

output "cluster_endpoint" {
  description = "URL of the Kubernetes API server."
  value       = module.platform.cluster_endpoint
}

output "users_table_names" {
  description = "Users table by environment (Helm `aws.usersTable`)."
  value       = module.platform.users_table_names
}

output "avatars_bucket_names" {
  description = "Avatars bucket by environment (Helm `aws.avatarsBucket`)."
  value       = module.platform.avatars_bucket_names
}

output "api_role_arns" {
  description = "Role of the API pods by environment (bound by Pod Identity; no ServiceAccount annotation needed)."
  value       = module.platform.api_role_arns
}

output "avatar_sweeper_role_arns" {
  description = "Role of the avatar-sweeper pods by environment."
  value       = module.platform.avatar_sweeper_role_arns
}

output "alarm_topic_arns" {
  description = "SNS topic of the CloudWatch alarms by environment (subscribe more endpoints to it)."
  value       = module.platform.alarm_topic_arns
}

output "app_secret_names" {
  description = "The API's Secrets Manager secret by environment (`secrets.externalSecret.remoteKey` in deploy/values/<env>/api.yaml)."
  value       = module.platform.app_secret_names
}

output "secret_reader_role_arns" {
  description = "Reader role by environment (the `role` of ClusterSecretStore `users-<env>` in argocd/clusters/<cluster>)."
  value       = module.platform.secret_reader_role_arns
}

output "external_secrets_role_arn" {
  description = "The External Secrets Operator's role (Pod Identity: namespace and ServiceAccount external-secrets)."
  value       = module.platform.external_secrets_role_arn
}

output "argocd_secret_reader_role_arn" {
  description = "Reader role of Argo CD's secrets (the `role` of ClusterSecretStore `argocd`)."
  value       = module.platform.argocd_secret_reader_role_arn
}

output "argocd_secret_names" {
  description = "Argo CD's secrets (`github-app`, `oidc`), whose values the operator puts once."
  value       = module.platform.argocd_secret_names
}

output "ecr_repository_urls" {
  description = "Image repository URL by app (Helm `image.repository`)."
  value       = module.platform.ecr_repository_urls
}

output "helm_values" {
  description = "Per environment, the keys of `deploy/values/<env>/api.yaml` that come from here."
  value       = module.platform.helm_values
}
