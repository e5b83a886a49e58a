locals {
  generated = merge([
    for secret, keys in var.secrets : { for key in keys : "${secret}:${key}" => { secret = secret, key = key } }
  ]...)
}

# Secrets Manager's GetRandomPassword, opened on every plan and apply and never stored. No punctuation:
# the apps read each value as a comma-separated list.
ephemeral "aws_secretsmanager_random_password" "this" {
  for_each = local.generated

  password_length     = var.length
  exclude_punctuation = true
}

# Written once (version 1) through a write-only argument: neither the plan nor the state holds the
# value. Rotation is the operator's (modules/secrets/README.md); a new value would need a new
# secret_string_wo_version, which this module never sets.
resource "aws_secretsmanager_secret_version" "this" {
  for_each = var.secrets

  secret_id = each.key
  secret_string_wo = jsonencode({
    for key in each.value : key => ephemeral.aws_secretsmanager_random_password.this["${each.key}:${key}"].random_password
  })
  secret_string_wo_version = 1
}
