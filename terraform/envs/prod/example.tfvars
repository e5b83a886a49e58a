# An example: copy to terraform.tfvars (git-ignored) and put in your own values. The names below are
# the ones deploy/values/prod/api.yaml uses (a test checks it).
region             = "eu-west-1"
account_id         = "123456789012"
github_repository  = "example-org/users-platform"
cluster_name       = "prod"
kubernetes_version = "1.34"

vpc_cidr                = "10.20.0.0/16"
availability_zone_count = 3
single_nat_gateway      = false

endpoint_public_access       = true
endpoint_public_access_cidrs = ["203.0.113.0/24"]

node_instance_types = ["m6i.large", "m7i.large"]
node_min_size       = 3
node_max_size       = 9
node_desired_size   = 3

# People only (EKS access entries): the operators who run terraform/cluster-bootstrap get cluster-admin.
# No CI role: Terraform's CI roles reach AWS, never the cluster (a validation refuses github-actions-*).
cluster_admin_role_arns  = ["arn:aws:iam::123456789012:role/platform-operator"]
cluster_viewer_role_arns = ["arn:aws:iam::123456789012:role/platform-developer"]

environments = {
  prod = {
    users_table             = "users-prod"
    avatars_bucket          = "example-users-avatars-prod"
    api_service_account     = "api"
    sweeper_service_account = "avatar-sweeper"
    cors_allowed_origins    = ["https://users.example.com"]
  }
}

# Who the CloudWatch alarms of each environment notify (modules/alarms); confirm email subscriptions once.
alarm_subscriptions = {
  prod = [
    { protocol = "email", endpoint = "platform-alerts@example.com" },
    { protocol = "https", endpoint = "https://events.pagerduty.example.com/integration/users-prod/enqueue" },
  ]
}

ecr_repositories = ["api", "avatar-sweeper"]
