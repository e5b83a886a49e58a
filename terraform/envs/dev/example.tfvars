# An example: copy to terraform.tfvars (git-ignored) and put in your own values. The names below are
# the ones deploy/values/dev/api.yaml and deploy/values/staging/api.yaml use (a test checks it).
region             = "eu-west-1"
account_id         = "123456789012"
github_repository  = "example-org/users-platform"
cluster_name       = "dev"
kubernetes_version = "1.34"

vpc_cidr                = "10.10.0.0/16"
availability_zone_count = 3
single_nat_gateway      = true

endpoint_public_access       = true
endpoint_public_access_cidrs = ["203.0.113.0/24"]

node_instance_types = ["t3.large"]
node_min_size       = 2
node_max_size       = 4
node_desired_size   = 2

# People only (EKS access entries): the operators who run terraform/cluster-bootstrap get cluster-admin.
# No CI role: Terraform's CI roles reach AWS, never the cluster (a validation refuses github-actions-*).
cluster_admin_role_arns  = ["arn:aws:iam::123456789012:role/platform-operator"]
cluster_viewer_role_arns = ["arn:aws:iam::123456789012:role/platform-developer"]

environments = {
  dev = {
    users_table             = "users-dev"
    avatars_bucket          = "example-users-avatars-dev"
    api_service_account     = "api"
    sweeper_service_account = "avatar-sweeper"
    cors_allowed_origins    = ["https://dev.users.example.com"]
  }
  staging = {
    users_table             = "users-staging"
    avatars_bucket          = "example-users-avatars-staging"
    api_service_account     = "api"
    sweeper_service_account = "avatar-sweeper"
    cors_allowed_origins    = ["https://staging.users.example.com"]
  }
}

# Who the CloudWatch alarms of each environment notify (modules/alarms); confirm email subscriptions once.
alarm_subscriptions = {
  dev     = [{ protocol = "email", endpoint = "platform-alerts+dev@example.com" }]
  staging = [{ protocol = "email", endpoint = "platform-alerts+staging@example.com" }]
}

ecr_repositories = ["api", "avatar-sweeper"]
