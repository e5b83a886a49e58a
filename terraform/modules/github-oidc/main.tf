locals {
  # What each role trusts: the `sub` claim GitHub puts in the job's OIDC token.
  subjects = {
    ecr-push        = ["repo:${var.github_repository}:ref:refs/heads/${var.main_branch}"]
    terraform-plan  = ["repo:${var.github_repository}:pull_request"]
    terraform-apply = [for environment in var.apply_environments : "repo:${var.github_repository}:environment:${environment}"]
    # release.yml's verify job and promote.yml's --require-healthy read Argo CD on these clusters.
    cluster-read = ["repo:${var.github_repository}:ref:refs/heads/${var.main_branch}"]
  }
  managed_policies = merge(
    { for arn in var.plan_policy_arns : "terraform-plan/${arn}" => { role = "terraform-plan", arn = arn } },
    { for arn in var.apply_policy_arns : "terraform-apply/${arn}" => { role = "terraform-apply", arn = arn } },
  )
}

# No static AWS keys: workflows exchange their GitHub OIDC token for short-lived role sessions.
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

resource "aws_iam_role_policy" "cluster_read" {
  name   = "describe-clusters"
  role   = aws_iam_role.this["cluster-read"].id
  policy = data.aws_iam_policy_document.cluster_read.json
}

resource "aws_iam_role_policy_attachment" "this" {
  for_each = local.managed_policies

  role       = aws_iam_role.this[each.value.role].name
  policy_arn = each.value.arn
}
