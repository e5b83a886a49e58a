locals {
  access_entries = merge(
    {
      for index, arn in var.admin_role_arns : "admin-${index}" => {
        principal_arn = arn
        policy_associations = {
          cluster_admin = {
            policy_arn   = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"
            access_scope = { type = "cluster" }
          }
        }
      }
    },
    {
      for index, arn in var.viewer_role_arns : "viewer-${index}" => {
        principal_arn = arn
        policy_associations = {
          # View, not AdminView: reads workloads but not Secrets.
          view = {
            policy_arn   = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy"
            access_scope = { type = "cluster" }
          }
        }
      }
    },
  )
}

# A managed node group rather than Karpenter: two small, steady workloads (the API and a CronJob)
# do not need just-in-time provisioning, and a node group has fewer moving parts to bootstrap.
module "this" {
  source  = "terraform-aws-modules/eks/aws"
  version = "21.10.1"

  name               = var.name
  kubernetes_version = var.kubernetes_version

  vpc_id     = var.vpc_id
  subnet_ids = var.subnet_ids

  endpoint_private_access      = true
  endpoint_public_access       = var.endpoint_public_access
  endpoint_public_access_cidrs = var.endpoint_public_access_cidrs

  enabled_log_types                      = ["api", "audit", "authenticator", "controllerManager", "scheduler"]
  cloudwatch_log_group_retention_in_days = var.log_retention_days

  authentication_mode                      = "API"
  enable_cluster_creator_admin_permissions = false
  access_entries                           = local.access_entries
  enable_irsa                              = var.enable_irsa

  # eks-pod-identity-agent gives pods their AWS role; metrics-server feeds the api chart's HPA.
  addons = {
    coredns    = {}
    kube-proxy = {}
    # Enforces Kubernetes NetworkPolicy (the network policy agent of VPC CNI 1.14+; the controller
    # runs in the EKS control plane). Without it, the charts' NetworkPolicies are accepted and ignored.
    vpc-cni = {
      before_compute       = true
      configuration_values = jsonencode({ enableNetworkPolicy = "true" })
    }
    eks-pod-identity-agent = {
      before_compute = true
    }
    metrics-server = {}
  }

  eks_managed_node_groups = {
    default = {
      ami_type       = "AL2023_x86_64_STANDARD"
      instance_types = var.node_instance_types
      min_size       = var.node_min_size
      max_size       = var.node_max_size
      desired_size   = var.node_desired_size
    }
  }

  tags = var.tags
}
