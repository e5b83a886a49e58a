output "role_arns" {
  description = "Role ARNs by app (`api`, `avatar-sweeper`)."
  value       = { for app, role in aws_iam_role.this : app => role.arn }
}

output "api_role_arn" {
  description = "Role the API pods assume."
  value       = aws_iam_role.this["api"].arn
}

output "avatar_sweeper_role_arn" {
  description = "Role the avatar-sweeper pods assume."
  value       = aws_iam_role.this["avatar-sweeper"].arn
}

output "service_accounts" {
  description = "Service accounts bound to the roles, by app; the Helm values must use these names."
  value       = local.service_accounts
}
