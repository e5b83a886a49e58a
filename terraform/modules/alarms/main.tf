# CloudWatch alarms on one environment's users table and avatars bucket, notifying an SNS topic
# encrypted with its own key. They watch AWS's side, so they fire even when the API or Prometheus
# cannot; each description links its heading in docs/runbook.md.

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

data "aws_region" "current" {}

locals {
  account_id    = data.aws_caller_identity.current.account_id
  account_root  = "arn:${data.aws_partition.current.partition}:iam::${local.account_id}:root"
  alarm_actions = [aws_sns_topic.this.arn]

  # Administration of the topic's key, listed one by one: the account manages it but reads nothing with it.
  key_administration_actions = [
    "kms:CancelKeyDeletion",
    "kms:CreateAlias",
    "kms:DeleteAlias",
    "kms:DescribeKey",
    "kms:DisableKey",
    "kms:DisableKeyRotation",
    "kms:EnableKey",
    "kms:EnableKeyRotation",
    "kms:GetKeyPolicy",
    "kms:GetKeyRotationStatus",
    "kms:ListAliases",
    "kms:ListGrants",
    "kms:ListKeyPolicies",
    "kms:ListResourceTags",
    "kms:PutKeyPolicy",
    "kms:RevokeGrant",
    "kms:RotateKeyOnDemand",
    "kms:ScheduleKeyDeletion",
    "kms:TagResource",
    "kms:UntagResource",
    "kms:UpdateAlias",
    "kms:UpdateKeyDescription",
  ]
  # What publishing to and delivering from an encrypted topic needs.
  key_usage_actions = ["kms:Decrypt", "kms:GenerateDataKey"]

  # DynamoDB reports ThrottledRequests and SystemErrors per operation: Metrics Insights sums every
  # operation of the table (its indexes included) into the one series an alarm needs.
  table_sum = "FROM SCHEMA(\"AWS/DynamoDB\", Operation, TableName) WHERE TableName = '${var.table_name}'"
}

# The topic's own key: CloudWatch cannot publish to a topic encrypted with the AWS-managed SNS key.
data "aws_iam_policy_document" "key" {
  statement {
    sid       = "KeyAdministrationByTheAccount"
    actions   = local.key_administration_actions
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = [local.account_root]
    }
  }

  # Operators publishing a test message, and subscribers reading, through SNS only.
  statement {
    sid       = "KeyUseThroughSnsByTheAccount"
    actions   = local.key_usage_actions
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = [local.account_root]
    }

    condition {
      test     = "StringEquals"
      variable = "kms:CallerAccount"
      values   = [local.account_id]
    }

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["sns.${data.aws_region.current.region}.amazonaws.com"]
    }
  }

  statement {
    sid       = "KeyUseByCloudWatchAlarms"
    actions   = local.key_usage_actions
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["cloudwatch.amazonaws.com"]
    }
  }
}

resource "aws_kms_key" "this" {
  description             = "Alarm notifications of ${var.name_prefix}"
  enable_key_rotation     = true
  deletion_window_in_days = 30
  policy                  = data.aws_iam_policy_document.key.json
  tags                    = var.tags
}

resource "aws_kms_alias" "this" {
  name          = "alias/${var.name_prefix}-alarms"
  target_key_id = aws_kms_key.this.key_id
}

resource "aws_sns_topic" "this" {
  name              = "${var.name_prefix}-alarms"
  kms_master_key_id = aws_kms_key.this.arn
  tags              = var.tags
}

# Replaces the default topic policy: the account manages the topic, and CloudWatch may publish only
# for this environment's alarms in this account.
data "aws_iam_policy_document" "topic" {
  statement {
    sid = "TopicAdministrationByTheAccount"
    actions = [
      "sns:GetTopicAttributes",
      "sns:SetTopicAttributes",
      "sns:AddPermission",
      "sns:RemovePermission",
      "sns:DeleteTopic",
      "sns:Subscribe",
      "sns:ListSubscriptionsByTopic",
      "sns:Publish",
    ]
    resources = [aws_sns_topic.this.arn]

    principals {
      type        = "AWS"
      identifiers = [local.account_root]
    }
  }

  statement {
    sid       = "PublishByTheseAlarms"
    actions   = ["sns:Publish"]
    resources = [aws_sns_topic.this.arn]

    principals {
      type        = "Service"
      identifiers = ["cloudwatch.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }

    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = ["arn:${data.aws_partition.current.partition}:cloudwatch:${data.aws_region.current.region}:${local.account_id}:alarm:${var.name_prefix}-*"]
    }
  }
}

resource "aws_sns_topic_policy" "this" {
  arn    = aws_sns_topic.this.arn
  policy = data.aws_iam_policy_document.topic.json
}

resource "aws_sns_topic_subscription" "this" {
  for_each = { for subscription in var.subscriptions : "${subscription.protocol}:${subscription.endpoint}" => subscription }

  topic_arn = aws_sns_topic.this.arn
  protocol  = each.value.protocol
  endpoint  = each.value.endpoint
}

# S3 publishes request metrics (5xxErrors among them) only for a metrics configuration: this one
# covers the whole bucket. Billed as custom CloudWatch metrics.
resource "aws_s3_bucket_metric" "this" {
  bucket = var.bucket_name
  name   = "EntireBucket"
}

resource "aws_cloudwatch_metric_alarm" "dynamodb_throttled_requests" {
  alarm_name          = "${var.name_prefix}-dynamodb-throttled-requests"
  alarm_description   = "DynamoDB throttles requests to table ${var.table_name} or its indexes. Runbook: ${var.runbook_url}#dynamodb-throttled-requests"
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.dynamodb_throttled_requests_threshold
  evaluation_periods  = var.evaluation_minutes
  datapoints_to_alarm = var.breaching_minutes
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions

  metric_query {
    id          = "throttled"
    label       = "Throttled requests to ${var.table_name}, all operations"
    expression  = "SELECT SUM(ThrottledRequests) ${local.table_sum}"
    period      = 60
    return_data = true
  }

  tags = var.tags
}

resource "aws_cloudwatch_metric_alarm" "dynamodb_system_errors" {
  alarm_name          = "${var.name_prefix}-dynamodb-system-errors"
  alarm_description   = "DynamoDB answers requests to table ${var.table_name} with internal errors (5xx). Runbook: ${var.runbook_url}#dynamodb-system-errors"
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.dynamodb_system_errors_threshold
  evaluation_periods  = var.evaluation_minutes
  datapoints_to_alarm = var.breaching_minutes
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions

  metric_query {
    id          = "errors"
    label       = "System errors of ${var.table_name}, all operations"
    expression  = "SELECT SUM(SystemErrors) ${local.table_sum}"
    period      = 60
    return_data = true
  }

  tags = var.tags
}

resource "aws_cloudwatch_metric_alarm" "s3_5xx_errors" {
  alarm_name          = "${var.name_prefix}-s3-5xx-errors"
  alarm_description   = "S3 answers requests to bucket ${var.bucket_name} with 5xx (internal errors, SlowDown). Runbook: ${var.runbook_url}#s3-5xx-errors"
  namespace           = "AWS/S3"
  metric_name         = "5xxErrors"
  statistic           = "Sum"
  period              = 60
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.s3_5xx_errors_threshold
  evaluation_periods  = var.evaluation_minutes
  datapoints_to_alarm = var.breaching_minutes
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions

  dimensions = {
    BucketName = var.bucket_name
    FilterId   = aws_s3_bucket_metric.this.name
  }

  tags = var.tags
}
