data "aws_caller_identity" "current" {}

data "aws_region" "current" {}

locals {
  service_accounts = {
    api            = var.api_service_account
    avatar-sweeper = var.sweeper_service_account
  }
  associations = {
    for pair in setproduct(keys(local.service_accounts), var.cluster_names) : "${pair[0]}/${pair[1]}" => {
      app     = pair[0]
      cluster = pair[1]
    }
  }
  avatar_objects        = "${var.bucket_arn}/${var.avatar_prefix}*"
  staged_upload_objects = "${var.bucket_arn}/${var.staged_upload_prefix}*"
  kms_via_services = [
    "dynamodb.${data.aws_region.current.region}.amazonaws.com",
    "s3.${data.aws_region.current.region}.amazonaws.com",
  ]
}

resource "aws_iam_role" "this" {
  for_each = local.service_accounts

  name                 = "${var.name_prefix}-${each.key}"
  description          = "Pods of ServiceAccount ${var.namespace}/${each.value} (${each.key})."
  assume_role_policy   = data.aws_iam_policy_document.trust[each.key].json
  max_session_duration = 3600
  tags                 = var.tags
}

resource "aws_iam_role_policy" "api" {
  name   = "least-privilege"
  role   = aws_iam_role.this["api"].id
  policy = data.aws_iam_policy_document.api.json
}

resource "aws_iam_role_policy" "avatar_sweeper" {
  name   = "least-privilege"
  role   = aws_iam_role.this["avatar-sweeper"].id
  policy = data.aws_iam_policy_document.avatar_sweeper.json
}

# No ServiceAccount annotation is needed: the association tells the Pod Identity agent which role
# the pods of this namespace and service account get.
resource "aws_eks_pod_identity_association" "this" {
  for_each = local.associations

  cluster_name    = each.value.cluster
  namespace       = var.namespace
  service_account = local.service_accounts[each.value.app]
  role_arn        = aws_iam_role.this[each.value.app].arn
  tags            = var.tags
}
