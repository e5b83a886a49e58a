output "version_ids" {
  description = "The first version of each secret, by secret (the value itself is never output or stored)."
  value       = { for secret, version in aws_secretsmanager_secret_version.this : secret => version.version_id }
}
