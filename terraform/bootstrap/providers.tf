provider "aws" {
  region              = var.region
  allowed_account_ids = [var.account_id]

  default_tags {
    tags = merge({ ManagedBy = "terraform", Repository = var.github_repository, Stack = "bootstrap" }, var.tags)
  }
}
