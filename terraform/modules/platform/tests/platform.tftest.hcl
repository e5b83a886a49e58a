# The composition, planned with a mock provider (and, in the offline copy, the registry modules'
# stubs): the secrets and readers each environment gets, and no cluster access for CI roles.
mock_provider "aws" {
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

# The network and the cluster as they are after apply (the registry modules cannot run here).
override_module {
  target = module.network
  outputs = {
    vpc_id             = "vpc-0123456789abcdef0"
    private_subnet_ids = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]
    public_subnet_ids  = ["subnet-0123456789abcdef2", "subnet-0123456789abcdef3"]
    availability_zones = ["eu-west-1a", "eu-west-1b"]
  }
}

override_module {
  target = module.eks
  outputs = {
    cluster_name                       = "dev"
    cluster_arn                        = "arn:aws:eks:eu-west-1:123456789012:cluster/dev"
    cluster_endpoint                   = "https://example.eks.amazonaws.com"
    cluster_certificate_authority_data = "Y2E="
    oidc_provider_arn                  = null
    node_security_group_id             = "sg-0123456789abcdef0"
  }
}

variables {
  github_repository            = "example-org/users-platform"
  cluster_name                 = "dev"
  kubernetes_version           = "1.34"
  vpc_cidr                     = "10.10.0.0/16"
  availability_zone_count      = 2
  single_nat_gateway           = true
  endpoint_public_access       = false
  endpoint_public_access_cidrs = []
  node_instance_types          = ["t3.large"]
  node_min_size                = 2
  node_max_size                = 3
  node_desired_size            = 2
  cluster_admin_role_arns      = ["arn:aws:iam::123456789012:role/platform-operator"]
  cluster_viewer_role_arns     = []
  ecr_repositories             = ["api"]
  environments = {
    dev = {
      users_table             = "users-dev"
      avatars_bucket          = "example-users-avatars-dev"
      api_service_account     = "api"
      sweeper_service_account = "avatar-sweeper"
      cors_allowed_origins    = []
    }
    staging = {
      users_table             = "users-staging"
      avatars_bucket          = "example-users-avatars-staging"
      api_service_account     = "api"
      sweeper_service_account = "avatar-sweeper"
      cors_allowed_origins    = []
    }
  }
}

run "gives_each_environment_its_secret_and_reader" {
  command = plan

  assert {
    condition     = output.app_secret_names == { dev = "users/dev/api", staging = "users/staging/api" }
    error_message = "The environments' secrets are not users/<env>/api."
  }

  assert {
    condition     = { for name, secrets in module.app_secrets : name => secrets.reader_role_name } == { dev = "users-dev-secrets-reader", staging = "users-staging-secrets-reader" }
    error_message = "The readers are not users-<env>-secrets-reader."
  }
}

run "refuses_cluster_admin_for_a_ci_role" {
  command = plan

  variables {
    cluster_admin_role_arns = ["arn:aws:iam::123456789012:role/github-actions-terraform-apply"]
  }

  expect_failures = [var.cluster_admin_role_arns]
}

run "refuses_cluster_read_for_a_ci_role" {
  command = plan

  variables {
    cluster_viewer_role_arns = ["arn:aws:iam::123456789012:role/github-actions-terraform-plan"]
  }

  expect_failures = [var.cluster_viewer_role_arns]
}
