output "secret_arns" {
  description = "Secret ARNs by short name."
  value       = { for name, secret in aws_secretsmanager_secret.this : name => secret.arn }
}

output "secret_names" {
  description = "Full secret names by short name (`<path>/<name>`: the `remoteKey` of an ExternalSecret)."
  value       = { for name, secret in aws_secretsmanager_secret.this : name => secret.name }
}

output "kms_key_arn" {
  description = "The key that encrypts the secrets."
  value       = module.this.key_arn
}

output "reader_role_arn" {
  description = "The role that may read the secrets (the `role` of a ClusterSecretStore)."
  value       = aws_iam_role.this.arn
}

output "reader_role_name" {
  description = "Name of that role."
  value       = aws_iam_role.this.name
}
