# One EKS cluster and, for each environment it hosts, the data stores, their key and the pods' roles.
# Environment E runs in namespace users-E; its names come from var.environments. The cluster roots
# (envs/*) call this module once, with their own providers, backend and tfvars.

module "network" {
  source = "../network"

  name                    = var.cluster_name
  cidr                    = var.vpc_cidr
  availability_zone_count = var.availability_zone_count
  single_nat_gateway      = var.single_nat_gateway
  tags                    = var.tags
}

module "eks" {
  source = "../eks"

  name                         = var.cluster_name
  kubernetes_version           = var.kubernetes_version
  vpc_id                       = module.network.vpc_id
  subnet_ids                   = module.network.private_subnet_ids
  endpoint_public_access       = var.endpoint_public_access
  endpoint_public_access_cidrs = var.endpoint_public_access_cidrs
  node_instance_types          = var.node_instance_types
  node_min_size                = var.node_min_size
  node_max_size                = var.node_max_size
  node_desired_size            = var.node_desired_size
  admin_role_arns              = var.cluster_admin_role_arns
  viewer_role_arns             = var.cluster_viewer_role_arns
  tags                         = var.tags
}

# No user_role_arns: naming the pod roles in the key policy needs their ARNs before the key exists,
# while their IAM policies need the key's ARN (a cycle Terraform refuses). The key policy already lets
# IAM policies of this account use the key through DynamoDB and S3 only, and the roles' policies
# (modules/app-access) grant exactly that, for this key: one place says who uses it, and a
# recreated role cannot leave a dangling principal in the key policy.
module "data_key" {
  source   = "../kms"
  for_each = var.environments

  alias        = "users-data-${each.key}"
  description  = "Users table and avatars bucket of ${each.key}"
  via_services = ["dynamodb", "s3"]
  tags         = merge(var.tags, { Environment = each.key })
}

module "users_data" {
  source   = "../users-data"
  for_each = var.environments

  table_name           = each.value.users_table
  bucket_name          = each.value.avatars_bucket
  kms_key_arn          = module.data_key[each.key].key_arn
  cors_allowed_origins = each.value.cors_allowed_origins
  tags                 = merge(var.tags, { Environment = each.key })
}

module "app_access" {
  source   = "../app-access"
  for_each = var.environments

  name_prefix             = "users-${each.key}"
  cluster_names           = [module.eks.cluster_name]
  namespace               = "users-${each.key}"
  api_service_account     = each.value.api_service_account
  sweeper_service_account = each.value.sweeper_service_account
  table_arn               = module.users_data[each.key].table_arn
  table_index_arns        = values(module.users_data[each.key].index_arns)
  bucket_arn              = module.users_data[each.key].bucket_arn
  kms_key_arns            = [module.data_key[each.key].key_arn]
  tags                    = merge(var.tags, { Environment = each.key })
}

# CloudWatch alarms on each environment's table and bucket, to an encrypted SNS topic per environment.
module "alarms" {
  source   = "../alarms"
  for_each = var.environments

  name_prefix   = "users-${each.key}"
  table_name    = module.users_data[each.key].table_name
  bucket_name   = module.users_data[each.key].bucket_name
  runbook_url   = "https://github.com/${var.github_repository}/blob/main/docs/runbook.md"
  subscriptions = lookup(var.alarm_subscriptions, each.key, [])
  tags          = merge(var.tags, { Environment = each.key })
}

# Each environment's secrets (users/<env>/api), on a key of their own, readable by one role that only
# the cluster's External Secrets Operator may assume. Values: modules/secret-values, run once by
# terraform/cluster-bootstrap, then rotation (modules/secrets/README.md). Nothing here holds them.
module "app_secrets" {
  source   = "../secrets"
  for_each = var.environments

  path                    = "users/${each.key}"
  secrets                 = { api = "API_KEYS and TOKEN_SECRET of the users API in ${each.key}: JSON, each a comma-separated list" }
  key_alias               = "users-secrets-${each.key}"
  reader_role_name        = "users-${each.key}-secrets-reader"
  reader_trusted_role_arn = module.external_secrets.role_arn
  tags                    = merge(var.tags, { Environment = each.key })
}

# The operator's role (Pod Identity in external-secrets/external-secrets), allowed only to assume the
# readers above and Argo CD's, whose secrets (argocd/<cluster>/*) it also creates.
module "external_secrets" {
  source = "../external-secrets"

  cluster_name     = module.eks.cluster_name
  reader_role_arns = [for name in keys(var.environments) : "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:role/users-${name}-secrets-reader"]
  tags             = var.tags
}

data "aws_partition" "current" {}

data "aws_caller_identity" "current" {}

data "aws_region" "current" {}

# Created by terraform/bootstrap; read here so the outputs carry the URLs the Helm values need.
data "aws_ecr_repository" "this" {
  for_each = toset(var.ecr_repositories)

  name = each.value
}
