output "topic_arn" {
  description = "ARN of the SNS topic the alarms notify (subscribe more endpoints to it)."
  value       = aws_sns_topic.this.arn
}

output "key_arn" {
  description = "ARN of the KMS key that encrypts the topic."
  value       = aws_kms_key.this.arn
}

output "alarm_names" {
  description = "Names of the alarms, by what they watch."
  value = {
    dynamodb_throttled_requests = aws_cloudwatch_metric_alarm.dynamodb_throttled_requests.alarm_name
    dynamodb_system_errors      = aws_cloudwatch_metric_alarm.dynamodb_system_errors.alarm_name
    s3_5xx_errors               = aws_cloudwatch_metric_alarm.s3_5xx_errors.alarm_name
  }
}
