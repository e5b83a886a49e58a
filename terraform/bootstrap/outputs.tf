output "state_bucket_name" {
  description = "Bucket of the remote state (`bucket` in ../backend.hcl)."
  value       = aws_s3_bucket.state.id
}

output "state_kms_key_arn" {
  description = "KMS key of the remote state (`kms_key_id` in ../backend.hcl)."
  value       = module.state_key.key_arn
}

output "ecr_repository_urls" {
  description = "Image repository URLs by app (Helm `image.repository`)."
  value       = module.ecr.repository_urls
}

output "github_oidc_provider_arn" {
  description = "The GitHub Actions OIDC provider."
  value       = module.github_oidc.oidc_provider_arn
}

output "ecr_push_role_arn" {
  description = "Role of the image build job (main branch)."
  value       = module.github_oidc.ecr_push_role_arn
}

output "terraform_plan_role_arn" {
  description = "Role of terraform plan in pull requests; give it to envs/* as cluster_viewer_role_arns."
  value       = module.github_oidc.terraform_plan_role_arn
}

output "terraform_apply_role_arn" {
  description = "Role of terraform apply in GitHub Environments; give it to envs/* as cluster_admin_role_arns."
  value       = module.github_oidc.terraform_apply_role_arn
}

output "github_cluster_read_role_arn" {
  description = "Repository variable AWS_DEV_CLUSTER_READ_ROLE_ARN; add it to cluster_viewer_role_arns of envs/dev."
  value       = module.github_oidc.cluster_read_role_arn
}
