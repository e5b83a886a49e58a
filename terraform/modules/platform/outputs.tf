output "cluster_name" {
  description = "Name of the EKS cluster."
  value       = module.eks.cluster_name
}

output "cluster_endpoint" {
  description = "URL of the Kubernetes API server."
  value       = module.eks.cluster_endpoint
}

output "users_table_names" {
  description = "Users table by environment (Helm `aws.usersTable`)."
  value       = { for name in keys(var.environments) : name => module.users_data[name].table_name }
}

output "avatars_bucket_names" {
  description = "Avatars bucket by environment (Helm `aws.avatarsBucket`)."
  value       = { for name in keys(var.environments) : name => module.users_data[name].bucket_name }
}

output "api_role_arns" {
  description = "Role of the API pods by environment (bound by Pod Identity; no ServiceAccount annotation needed)."
  value       = { for name in keys(var.environments) : name => module.app_access[name].api_role_arn }
}

output "avatar_sweeper_role_arns" {
  description = "Role of the avatar-sweeper pods by environment."
  value       = { for name in keys(var.environments) : name => module.app_access[name].avatar_sweeper_role_arn }
}

output "alarm_topic_arns" {
  description = "SNS topic of the CloudWatch alarms by environment (subscribe more endpoints to it)."
  value       = { for name in keys(var.environments) : name => module.alarms[name].topic_arn }
}

output "app_secret_names" {
  description = "The API's Secrets Manager secret by environment (`secrets.externalSecret.remoteKey` in deploy/values/<env>/api.yaml)."
  value       = { for name in keys(var.environments) : name => module.app_secrets[name].secret_names["api"] }
}

output "secret_reader_role_arns" {
  description = "Reader role by environment (the `role` of ClusterSecretStore `users-<env>` in argocd/clusters/<cluster>)."
  value       = { for name in keys(var.environments) : name => module.app_secrets[name].reader_role_arn }
}

output "external_secrets_role_arn" {
  description = "The External Secrets Operator's role (Pod Identity: namespace and ServiceAccount external-secrets)."
  value       = module.external_secrets.role_arn
}

output "argocd_secret_reader_role_arn" {
  description = "Reader role of Argo CD's secrets (the `role` of ClusterSecretStore `argocd`)."
  value       = module.external_secrets.argocd_reader_role_arn
}

output "argocd_secret_names" {
  description = "Argo CD's secrets (`github-app`, `oidc`), whose values the operator puts once."
  value       = module.external_secrets.argocd_secret_names
}

output "ecr_repository_urls" {
  description = "Image repository URL by app (Helm `image.repository`)."
  value       = { for app, repository in data.aws_ecr_repository.this : app => repository.repository_url }
}

output "helm_values" {
  description = "Per environment, the keys of `deploy/values/<env>/api.yaml` that come from here."
  value = {
    for name in keys(var.environments) : name => {
      image          = { repository = data.aws_ecr_repository.this["api"].repository_url }
      serviceAccount = { name = module.app_access[name].service_accounts["api"] }
      aws = {
        region        = data.aws_region.current.region
        usersTable    = module.users_data[name].table_name
        avatarsBucket = module.users_data[name].bucket_name
      }
    }
  }
}
