provider "aws" {
  region              = var.region
  allowed_account_ids = [var.account_id]

  default_tags {
    tags = merge({ ManagedBy = "terraform", Repository = var.github_repository, Cluster = var.cluster_name }, var.tags)
  }
}

# Talks to the cluster this root creates; needs the aws CLI where Terraform runs. On the very first
# apply the cluster does not exist yet: see the README for the targeted first step.
provider "helm" {
  kubernetes = {
    host                   = module.platform.cluster_endpoint
    cluster_ca_certificate = base64decode(module.platform.cluster_certificate_authority_data)
    exec = {
      api_version = "client.authentication.k8s.io/v1beta1"
      command     = "aws"
      args        = ["eks", "get-token", "--cluster-name", module.platform.cluster_name, "--region", var.region]
    }
  }
}
