output "table_name" {
  description = "Name of the users table."
  value       = aws_dynamodb_table.this.name
}

output "table_arn" {
  description = "ARN of the users table."
  value       = aws_dynamodb_table.this.arn
}

output "index_arns" {
  description = "ARNs of the table's global secondary indexes, by index name."
  value       = { for index in aws_dynamodb_table.this.global_secondary_index : index.name => "${aws_dynamodb_table.this.arn}/index/${index.name}" }
}

output "bucket_name" {
  description = "Name of the avatars bucket."
  value       = aws_s3_bucket.this.id
}

output "bucket_arn" {
  description = "ARN of the avatars bucket."
  value       = aws_s3_bucket.this.arn
}
