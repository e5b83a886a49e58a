# The cluster and its environments are modules/platform; this root adds the state, the providers and
# the environment names it accepts.
module "platform" {
  source = "../../modules/platform"

  github_repository            = var.github_repository
  cluster_name                 = var.cluster_name
  kubernetes_version           = var.kubernetes_version
  vpc_cidr                     = var.vpc_cidr
  availability_zone_count      = var.availability_zone_count
  single_nat_gateway           = var.single_nat_gateway
  endpoint_public_access       = var.endpoint_public_access
  endpoint_public_access_cidrs = var.endpoint_public_access_cidrs
  node_instance_types          = var.node_instance_types
  node_min_size                = var.node_min_size
  node_max_size                = var.node_max_size
  node_desired_size            = var.node_desired_size
  cluster_admin_role_arns      = var.cluster_admin_role_arns
  cluster_viewer_role_arns     = var.cluster_viewer_role_arns
  environments                 = var.environments
  alarm_subscriptions          = var.alarm_subscriptions
  ecr_repositories             = var.ecr_repositories
  tags                         = var.tags
}
