provider "aws" {
  region              = var.region
  allowed_account_ids = [var.account_id]

  default_tags {
    tags = merge({ ManagedBy = "terraform", Repository = var.github_repository, Cluster = var.cluster_name }, var.tags)
  }
}

# The only Terraform that talks to a cluster, run by an operator from a network that reaches the EKS
# API (needs the aws CLI and an EKS access entry: cluster_admin_role_arns of envs/<cluster>).
provider "helm" {
  kubernetes = {
    host                   = data.aws_eks_cluster.this.endpoint
    cluster_ca_certificate = base64decode(data.aws_eks_cluster.this.certificate_authority[0].data)
    exec = {
      api_version = "client.authentication.k8s.io/v1beta1"
      command     = "aws"
      args        = ["eks", "get-token", "--cluster-name", var.cluster_name, "--region", var.region]
    }
  }
}
