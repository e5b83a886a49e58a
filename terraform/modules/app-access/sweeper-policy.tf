# What the avatar-sweeper CronJob calls (reconcileAvatars in packages/users-domain through
# packages/aws-adapters), nothing else:
# - DynamoDbUserRepository: findByIds (BatchGetItem), list (Query on byCreatedAt), detachAvatar
#   (UpdateItem); GetItem for single reads.
# - S3AvatarStore: list (ListObjectsV2 under the avatars and staged-uploads prefixes), exists (HeadObject, authorized as
#   s3:GetObject), deleteMany (DeleteObjects, authorized as s3:DeleteObject per key).
data "aws_iam_policy_document" "avatar_sweeper" {
  statement {
    sid       = "UsersTableReadAndUpdate"
    actions   = ["dynamodb:BatchGetItem", "dynamodb:GetItem", "dynamodb:UpdateItem"]
    resources = [var.table_arn]
  }

  statement {
    sid       = "UsersListingIndex"
    actions   = ["dynamodb:Query"]
    resources = var.table_index_arns
  }

  # Unconditional on purpose: HeadObject on a missing key answers 404 only to callers allowed
  # s3:ListBucket, and its request has no s3:prefix, so a prefix condition would turn every
  # missing avatar into 403 AccessDenied. The bucket holds nothing but avatars.
  statement {
    sid       = "ListAvatars"
    actions   = ["s3:ListBucket"]
    resources = [var.bucket_arn]
  }

  statement {
    sid       = "AvatarObjects"
    actions   = ["s3:DeleteObject", "s3:GetObject"]
    resources = [local.avatar_objects, local.staged_upload_objects]
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
