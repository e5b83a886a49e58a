provider "aws" {
  region              = var.region
  allowed_account_ids = [var.account_id]

  default_tags {
    tags = merge({ ManagedBy = "terraform", Repository = var.github_repository, Cluster = var.cluster_name }, var.tags)
  }
}

# No helm or kubernetes provider: this root talks to AWS only, so CI needs no network path to the
# cluster. Argo CD is installed once by an operator (../../cluster-bootstrap) and then manages itself.
