locals {
  # What each role trusts: the `sub` claim of the job's OIDC token, in the format the repository's
  # subject customisation gives it (include_claim_keys ["repo", "context", "ref"], see README):
  # repo:<owner>/<name>:<context>:ref:<ref>, where context is `environment:<name>` for a job bound to
  # a GitHub Environment, `pull_request` for a pull request, else `ref:<ref>`. GitHub's default
  # format names the environment but not the ref, so any branch allowed into an Environment could
  # assume the apply role; with the ref in the claim, apply needs both the Environment and main.
  repository = "repo:${var.github_repository}"
  subjects = {
    ecr-push = {
      test   = "StringEquals"
      values = ["${local.repository}:ref:refs/heads/${var.main_branch}:ref:refs/heads/${var.main_branch}"]
    }
    # A pull request's ref is refs/pull/<number>/merge; the number is the only part left open.
    terraform-plan = {
      test   = "StringLike"
      values = ["${local.repository}:pull_request:ref:refs/pull/*/merge"]
    }
    terraform-apply = {
      test   = "StringEquals"
      values = [for environment in var.apply_environments : "${local.repository}:environment:${environment}:ref:refs/heads/${var.main_branch}"]
    }
  }
  managed_policies = merge(
    { for arn in var.plan_policy_arns : "terraform-plan/${arn}" => { role = "terraform-plan", arn = arn } },
    { for arn in var.apply_policy_arns : "terraform-apply/${arn}" => { role = "terraform-apply", arn = arn } },
  )
}

# No static AWS keys: workflows exchange their GitHub OIDC token for short-lived role sessions. No
# role here has any access to the clusters: verification runs inside them (Argo CD Notifications).
resource "aws_iam_openid_connect_provider" "this" {
  url            = "https://token.actions.githubusercontent.com"
  client_id_list = ["sts.amazonaws.com"]
  tags           = var.tags
}

resource "aws_iam_role" "this" {
  for_each = local.subjects

  name                 = "${var.name_prefix}-${each.key}"
  description          = "GitHub Actions of ${var.github_repository}: ${each.key}."
  assume_role_policy   = data.aws_iam_policy_document.trust[each.key].json
  max_session_duration = 3600
  tags                 = var.tags
}

resource "aws_iam_role_policy" "ecr_push" {
  name   = "push-images"
  role   = aws_iam_role.this["ecr-push"].id
  policy = data.aws_iam_policy_document.ecr_push.json
}

resource "aws_iam_role_policy" "terraform_plan" {
  name   = "terraform-state-read"
  role   = aws_iam_role.this["terraform-plan"].id
  policy = data.aws_iam_policy_document.terraform_plan_state.json
}

resource "aws_iam_role_policy" "terraform_apply" {
  name   = "terraform-state-write"
  role   = aws_iam_role.this["terraform-apply"].id
  policy = data.aws_iam_policy_document.terraform_apply_state.json
}

resource "aws_iam_role_policy_attachment" "this" {
  for_each = local.managed_policies

  role       = aws_iam_role.this[each.value.role].name
  policy_arn = each.value.arn
}
