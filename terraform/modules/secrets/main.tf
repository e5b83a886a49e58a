data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

data "aws_region" "current" {}

# The secrets' own key (the module's only call, so "this"): usable through Secrets Manager only, and
# the environment's data key (DynamoDB and S3) stays out of the reader's reach.
module "this" {
  source = "../kms"

  alias        = var.key_alias
  description  = "Secrets Manager secrets under ${var.path}/"
  via_services = ["secretsmanager"]
  tags         = var.tags
}

# Empty containers: no value is ever written here, so none can reach the state.
resource "aws_secretsmanager_secret" "this" {
  for_each = var.secrets

  name                    = "${var.path}/${each.key}"
  description             = each.value
  kms_key_id              = module.this.key_arn
  recovery_window_in_days = var.recovery_window_in_days
  tags                    = var.tags
}

resource "aws_iam_role" "this" {
  name                 = var.reader_role_name
  description          = "Reads the secrets under ${var.path}/ for the External Secrets Operator."
  assume_role_policy   = data.aws_iam_policy_document.trust.json
  max_session_duration = 3600
  tags                 = var.tags
}

resource "aws_iam_role_policy" "this" {
  name   = "read-secrets"
  role   = aws_iam_role.this.id
  policy = data.aws_iam_policy_document.read.json
}

# The account as principal, narrowed to one role by aws:PrincipalArn: IAM refuses a role principal
# that does not exist yet (and silently breaks the trust when that role is recreated), while the
# operator's role is created after this one (its policy names this role).
data "aws_iam_policy_document" "trust" {
  statement {
    sid     = "ExternalSecretsOperatorOnly"
    actions = ["sts:AssumeRole", "sts:TagSession"]

    principals {
      type        = "AWS"
      identifiers = ["arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root"]
    }

    condition {
      test     = "ArnEquals"
      variable = "aws:PrincipalArn"
      values   = [var.reader_trusted_role_arn]
    }
  }
}

data "aws_iam_policy_document" "read" {
  statement {
    sid       = "ReadTheseSecrets"
    actions   = ["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"]
    resources = [for secret in aws_secretsmanager_secret.this : secret.arn]
  }

  statement {
    sid       = "DecryptThroughSecretsManager"
    actions   = ["kms:Decrypt"]
    resources = [module.this.key_arn]

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["secretsmanager.${data.aws_region.current.region}.amazonaws.com"]
    }
  }
}
