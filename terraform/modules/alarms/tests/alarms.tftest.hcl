mock_provider "aws" {
  # Resources refuse a policy that is not JSON, and a mock renders no document.
  mock_data "aws_iam_policy_document" {
    defaults = {
      json = "{}"
    }
  }
}

# ARNs are known only after apply; these make the topic's key and the alarms' actions comparable at plan.
override_resource {
  target          = aws_kms_key.this
  override_during = plan
  values = {
    arn = "arn:aws:kms:eu-west-1:123456789012:key/alarms"
  }
}

override_resource {
  target          = aws_sns_topic.this
  override_during = plan
  values = {
    arn = "arn:aws:sns:eu-west-1:123456789012:users-test-alarms"
  }
}

variables {
  name_prefix = "users-test"
  table_name  = "users-test"
  bucket_name = "example-users-avatars-test"
  runbook_url = "https://github.com/example-org/users-platform/blob/main/docs/runbook.md"
}

run "notify_an_encrypted_topic" {
  command = plan

  assert {
    condition     = aws_sns_topic.this.kms_master_key_id == aws_kms_key.this.arn
    error_message = "The topic is not encrypted with its own customer-managed key (CloudWatch cannot use alias/aws/sns)."
  }

  assert {
    condition     = aws_kms_key.this.enable_key_rotation && aws_kms_key.this.policy == data.aws_iam_policy_document.key.json
    error_message = "The topic's key does not rotate under its own key policy."
  }

  assert {
    condition = alltrue([
      for alarm in [
        aws_cloudwatch_metric_alarm.dynamodb_throttled_requests,
        aws_cloudwatch_metric_alarm.dynamodb_system_errors,
        aws_cloudwatch_metric_alarm.s3_5xx_errors,
      ] : contains(alarm.alarm_actions, aws_sns_topic.this.arn)
    ])
    error_message = "An alarm does not notify the topic."
  }
}
