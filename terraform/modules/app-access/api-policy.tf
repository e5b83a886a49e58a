# Exactly what packages/aws-adapters calls for the API:
# - DynamoDbUserRepository: GetItem, UpdateItem, Query on byCreatedAt, and TransactWriteItems with
#   Put and Delete items (IAM authorizes each item as PutItem / DeleteItem; ConditionCheckItem for
#   condition-only items).
# - S3AvatarStore: PutObject, GetObject (HeadObject and ranged GET), DeleteObject under the avatars
#   prefix; presigned URLs are signed with this role, so browser uploads and downloads use it too.
#   HeadBucket (readiness) is authorized as s3:ListBucket on the bucket, which also makes a missing
#   object answer 404 rather than 403.
# - S3AvatarStore.putStream: an upload through the API streams straight to its avatar key; a body of
#   unknown length goes up as a multipart upload there (Create/UploadPart/Complete are authorized as
#   s3:PutObject), aborted when the body fails (s3:AbortMultipartUpload). The staging prefix holds only
#   presigned browser uploads (PUT, read and deleted by /avatar/complete). No CopyObject.
data "aws_iam_policy_document" "api" {
  statement {
    sid = "UsersTableItems"
    actions = [
      "dynamodb:ConditionCheckItem",
      "dynamodb:DeleteItem",
      "dynamodb:GetItem",
      "dynamodb:PutItem",
      "dynamodb:UpdateItem",
    ]
    resources = [var.table_arn]
  }

  statement {
    sid       = "UsersListingIndex"
    actions   = ["dynamodb:Query"]
    resources = var.table_index_arns
  }

  statement {
    sid       = "AvatarObjects"
    actions   = ["s3:DeleteObject", "s3:GetObject", "s3:PutObject"]
    resources = [local.avatar_objects, local.staged_upload_objects]
  }

  statement {
    sid       = "AbortStreamedUploads"
    actions   = ["s3:AbortMultipartUpload"]
    resources = [local.avatar_objects]
  }

  statement {
    sid       = "AvatarBucketReadiness"
    actions   = ["s3:ListBucket"]
    resources = [var.bucket_arn]
  }

  statement {
    sid       = "DataKeysThroughDynamoDbAndS3"
    actions   = ["kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey"]
    resources = var.kms_key_arns

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = local.kms_via_services
    }
  }
}
