mock_provider "aws" {
  # Resources refuse a policy that is not JSON, and a mock renders no document.
  mock_data "aws_iam_policy_document" {
    defaults = {
      json = "{}"
    }
  }
}

variables {
  alias        = "users-data-test"
  description  = "Users table and avatars bucket of test"
  via_services = ["dynamodb", "s3"]
}

run "rotates_under_its_own_policy" {
  command = plan

  assert {
    condition     = aws_kms_key.this.enable_key_rotation
    error_message = "Key rotation is not enabled."
  }

  assert {
    condition     = aws_kms_key.this.policy == data.aws_iam_policy_document.key.json
    error_message = "The key has no key policy of its own (the default one trusts the whole account)."
  }

  assert {
    condition     = aws_kms_alias.this.name == "alias/users-data-test"
    error_message = "The alias is not alias/<alias>."
  }
}

run "refuses_an_aws_alias" {
  command = plan

  variables {
    alias = "aws/users"
  }

  expect_failures = [var.alias]
}

run "refuses_a_deletion_window_under_seven_days" {
  command = plan

  variables {
    deletion_window_in_days = 3
  }

  expect_failures = [var.deletion_window_in_days]
}
