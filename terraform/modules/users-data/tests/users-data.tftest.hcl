# The table's protections, and the bucket's CORS rule, on the planned values. The bucket's other
# settings are checked with the state bucket's by checks/storage-checks.ts (its TLS-only policy is a
# document no mock provider renders).
mock_provider "aws" {}

variables {
  table_name           = "users-test"
  bucket_name          = "example-users-avatars-test"
  kms_key_arn          = "arn:aws:kms:eu-west-1:123456789012:key/test"
  cors_allowed_origins = ["https://users.example.com"]
}

run "table" {
  command = plan

  assert {
    condition     = aws_dynamodb_table.this.point_in_time_recovery[0].enabled
    error_message = "The table has no point-in-time recovery."
  }

  assert {
    condition     = aws_dynamodb_table.this.deletion_protection_enabled
    error_message = "The table has no deletion protection."
  }

  assert {
    condition     = aws_dynamodb_table.this.server_side_encryption[0].enabled && aws_dynamodb_table.this.server_side_encryption[0].kms_key_arn == var.kms_key_arn
    error_message = "The table is not encrypted with the customer-managed key."
  }
}

run "no_cors_rule_without_origins" {
  command = plan

  variables {
    cors_allowed_origins = []
  }

  assert {
    condition     = length(aws_s3_bucket_cors_configuration.this) == 0
    error_message = "A CORS rule exists although no origin may upload."
  }
}

run "refuses_a_wildcard_origin" {
  command = plan

  variables {
    cors_allowed_origins = ["https://*.example.com"]
  }

  expect_failures = [var.cors_allowed_origins]
}
