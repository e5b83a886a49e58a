# Account-wide things every cluster root needs first: the state bucket (state-bucket.tf), the image
# registries, and the identity GitHub Actions uses.

module "state_key" {
  source = "../modules/kms"

  alias          = "terraform-state"
  description    = "Terraform state in ${var.state_bucket_name}"
  via_services   = ["s3"]
  user_role_arns = [module.github_oidc.terraform_plan_role_arn, module.github_oidc.terraform_apply_role_arn]
  tags           = var.tags
}

module "ecr" {
  source = "../modules/ecr"

  repository_names = var.ecr_repositories
  tags             = var.tags
}

module "github_oidc" {
  source = "../modules/github-oidc"

  github_repository   = var.github_repository
  main_branch         = var.main_branch
  apply_environments  = var.apply_environments
  ecr_repository_arns = values(module.ecr.repository_arns)
  state_bucket_arn    = aws_s3_bucket.state.arn
  state_kms_key_arn   = module.state_key.key_arn
  tags                = var.tags
}
