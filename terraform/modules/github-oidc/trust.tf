data "aws_iam_policy_document" "trust" {
  for_each = local.subjects

  statement {
    sid     = "GitHubActionsOfThisRepository"
    actions = ["sts:AssumeRoleWithWebIdentity"]

    principals {
      type        = "Federated"
      identifiers = [aws_iam_openid_connect_provider.this.arn]
    }

    condition {
      test     = "StringEquals"
      variable = "token.actions.githubusercontent.com:aud"
      values   = ["sts.amazonaws.com"]
    }

    condition {
      test     = each.value.test
      variable = "token.actions.githubusercontent.com:sub"
      values   = each.value.values
    }
  }
}
