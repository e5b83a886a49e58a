# The trust conditions, as planned: what GitHub's token must carry for each role. The subjects follow
# the repository's OIDC subject customisation (include_claim_keys ["repo", "context", "ref"]).
mock_provider "aws" {
  mock_data "aws_iam_policy_document" {
    defaults = {
      json = "{}"
    }
  }
}

variables {
  github_repository   = "example-org/users-platform"
  ecr_repository_arns = ["arn:aws:ecr:eu-west-1:123456789012:repository/api"]
  state_bucket_arn    = "arn:aws:s3:::example-users-platform-tfstate"
  state_kms_key_arn   = "arn:aws:kms:eu-west-1:123456789012:key/state"
}

run "applies_only_from_main_in_a_protected_environment" {
  command = plan

  assert {
    condition = (
      one([for c in data.aws_iam_policy_document.trust["terraform-apply"].statement[0].condition : c if endswith(c.variable, ":sub")]).test == "StringEquals" &&
      toset(one([for c in data.aws_iam_policy_document.trust["terraform-apply"].statement[0].condition : c if endswith(c.variable, ":sub")]).values) == toset([
        "repo:example-org/users-platform:environment:dev:ref:refs/heads/main",
        "repo:example-org/users-platform:environment:staging:ref:refs/heads/main",
        "repo:example-org/users-platform:environment:prod:ref:refs/heads/main",
      ])
    )
    error_message = "The apply role does not trust exactly <environment> + refs/heads/main (both claims), matched exactly."
  }

  assert {
    condition     = one([for c in data.aws_iam_policy_document.trust["terraform-apply"].statement[0].condition : c if endswith(c.variable, ":aud")]).values == tolist(["sts.amazonaws.com"])
    error_message = "The apply role's trust does not pin the audience."
  }
}

run "plans_only_from_pull_requests" {
  command = plan

  assert {
    condition = (
      one([for c in data.aws_iam_policy_document.trust["terraform-plan"].statement[0].condition : c if endswith(c.variable, ":sub")]).test == "StringLike" &&
      one([for c in data.aws_iam_policy_document.trust["terraform-plan"].statement[0].condition : c if endswith(c.variable, ":sub")]).values == tolist(["repo:example-org/users-platform:pull_request:ref:refs/pull/*/merge"])
    )
    error_message = "The plan role does not trust exactly the pull requests' subject (only the number open)."
  }

  assert {
    condition     = contains(data.aws_iam_policy_document.terraform_plan_state.statement[4].actions, "secretsmanager:GetSecretValue") && data.aws_iam_policy_document.terraform_plan_state.statement[4].effect == "Deny"
    error_message = "The plan role (ReadOnlyAccess) is not denied the secrets' values."
  }
}

run "pushes_images_only_from_main" {
  command = plan

  assert {
    condition     = one([for c in data.aws_iam_policy_document.trust["ecr-push"].statement[0].condition : c if endswith(c.variable, ":sub")]).values == tolist(["repo:example-org/users-platform:ref:refs/heads/main:ref:refs/heads/main"])
    error_message = "The image-push role does not trust exactly pushes to main."
  }
}

run "gives_ci_no_cluster_role" {
  command = plan

  assert {
    condition     = keys(aws_iam_role.this) == ["ecr-push", "terraform-apply", "terraform-plan"]
    error_message = "CI has a role other than image push, plan and apply (the cluster-read role is gone: verification runs in the cluster)."
  }
}

run "refuses_an_environment_pattern" {
  command = plan

  variables {
    apply_environments = ["*"]
  }

  expect_failures = [var.apply_environments]
}
