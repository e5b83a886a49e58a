output "repository_urls" {
  description = "Repository URLs by app (Helm `image.repository`)."
  value       = { for name, repository in aws_ecr_repository.this : name => repository.repository_url }
}

output "repository_arns" {
  description = "Repository ARNs by app."
  value       = { for name, repository in aws_ecr_repository.this : name => repository.arn }
}
