# The table packages/aws-adapters declares in usersTableDefinition, attribute for attribute:
# user items (pk = USER#<id>) and email reservations (pk = EMAIL#<email>) share the string hash key;
# only user items carry gsi1pk/gsi1sk, so the byCreatedAt index is sparse.
resource "aws_dynamodb_table" "this" {
  name                        = var.table_name
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = "pk"
  deletion_protection_enabled = true

  attribute {
    name = "pk"
    type = "S"
  }

  attribute {
    name = "gsi1pk"
    type = "S"
  }

  attribute {
    name = "gsi1sk"
    type = "S"
  }

  global_secondary_index {
    name            = "byCreatedAt"
    hash_key        = "gsi1pk"
    range_key       = "gsi1sk"
    projection_type = "ALL"
  }

  # Idempotency records (POST /users with Idempotency-Key) expire 24 h after they are written.
  ttl {
    attribute_name = "expiresAt"
    enabled        = true
  }

  point_in_time_recovery {
    enabled = true
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = var.kms_key_arn
  }

  tags = var.tags
}
