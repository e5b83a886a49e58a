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
  description = "Role of terraform plan in pull requests (no cluster access)."
  value       = module.github_oidc.terraform_plan_role_arn
}

output "terraform_apply_role_arn" {
  description = "Role of terraform apply in GitHub Environments, on main only (no cluster access)."
  value       = module.github_oidc.terraform_apply_role_arn
}

output "github_trusted_subjects" {
  description = "The OIDC `sub` claims each CI role accepts; they need the repository's subject customisation (README)."
  value       = module.github_oidc.trusted_subjects
}
