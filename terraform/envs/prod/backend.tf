# Bucket, region and KMS key come from ../../backend.hcl: terraform init -backend-config=../../backend.hcl
terraform {
  backend "s3" {
    key          = "envs/prod/terraform.tfstate"
    encrypt      = true
    use_lockfile = true
  }
}
