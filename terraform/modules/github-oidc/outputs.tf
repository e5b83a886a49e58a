output "oidc_provider_arn" {
  description = "The GitHub Actions OIDC provider of the account."
  value       = aws_iam_openid_connect_provider.this.arn
}

output "ecr_push_role_arn" {
  description = "Role of the image build job on the main branch (`aws-actions/configure-aws-credentials` role-to-assume)."
  value       = aws_iam_role.this["ecr-push"].arn
}

output "terraform_plan_role_arn" {
  description = "Role of `terraform plan` in pull requests."
  value       = aws_iam_role.this["terraform-plan"].arn
}

output "terraform_apply_role_arn" {
  description = "Role of `terraform apply` in jobs bound to a GitHub Environment."
  value       = aws_iam_role.this["terraform-apply"].arn
}

output "trusted_subjects" {
  description = "The `sub` claims each role accepts (needs the repository's OIDC subject customisation, README)."
  value       = { for role, subject in local.subjects : role => subject.values }
}
