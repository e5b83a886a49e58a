mock_provider "aws" {
  # Resources refuse a policy that is not JSON, and a mock renders no document.
  mock_data "aws_iam_policy_document" {
    defaults = {
      json = "{}"
    }
  }
  mock_data "aws_caller_identity" {
    defaults = {
      account_id = "123456789012"
    }
  }
  mock_data "aws_partition" {
    defaults = {
      partition = "aws"
    }
  }
}

# Known at plan, so the secrets' key can be compared.
override_resource {
  target          = module.this.aws_kms_key.this
  override_during = plan
  values = {
    arn = "arn:aws:kms:eu-west-1:123456789012:key/secrets-test"
  }
}

variables {
  path                    = "users/test"
  secrets                 = { api = "API_KEYS and TOKEN_SECRET of the API" }
  key_alias               = "users-secrets-test"
  reader_role_name        = "users-test-secrets-reader"
  reader_trusted_role_arn = "arn:aws:iam::123456789012:role/test-external-secrets"
}

run "creates_empty_secrets_under_the_path_on_their_own_key" {
  command = plan

  assert {
    condition     = aws_secretsmanager_secret.this["api"].name == "users/test/api"
    error_message = "The secret is not <path>/<name>."
  }

  assert {
    condition     = aws_secretsmanager_secret.this["api"].kms_key_id == "arn:aws:kms:eu-west-1:123456789012:key/secrets-test"
    error_message = "The secret is not encrypted with the module's own key."
  }

  assert {
    condition     = module.this.alias_name == "alias/users-secrets-test"
    error_message = "The key does not carry key_alias."
  }
}

run "lets_only_the_operator_role_assume_the_reader" {
  command = plan

  assert {
    condition     = aws_iam_role.this.name == "users-test-secrets-reader"
    error_message = "The reader role is not reader_role_name."
  }

  assert {
    condition = (
      one(data.aws_iam_policy_document.trust.statement[0].condition).test == "ArnEquals" &&
      one(data.aws_iam_policy_document.trust.statement[0].condition).variable == "aws:PrincipalArn" &&
      toset(one(data.aws_iam_policy_document.trust.statement[0].condition).values) == toset(["arn:aws:iam::123456789012:role/test-external-secrets"])
    )
    error_message = "The reader's trust is not bound to exactly reader_trusted_role_arn."
  }

  assert {
    condition     = data.aws_iam_policy_document.trust.statement[0].actions == toset(["sts:AssumeRole", "sts:TagSession"])
    error_message = "The trust allows more than sts:AssumeRole and sts:TagSession."
  }
}

run "reads_these_secrets_and_decrypts_through_secrets_manager_only" {
  command = plan

  assert {
    condition     = data.aws_iam_policy_document.read.statement[0].actions == toset(["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"])
    error_message = "The reader may do more than read the secrets."
  }

  assert {
    condition     = data.aws_iam_policy_document.read.statement[1].actions == toset(["kms:Decrypt"])
    error_message = "The reader may do more with the key than decrypt."
  }

  assert {
    condition     = one(data.aws_iam_policy_document.read.statement[1].condition).variable == "kms:ViaService"
    error_message = "The reader may decrypt outside Secrets Manager."
  }
}

run "refuses_a_wildcard_trust" {
  command = plan

  variables {
    reader_trusted_role_arn = "arn:aws:iam::123456789012:role/*"
  }

  expect_failures = [var.reader_trusted_role_arn]
}
