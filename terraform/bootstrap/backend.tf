# The first apply runs on local state (see README.md), then `terraform init -migrate-state` moves the
# state into the bucket this root creates. Bucket, region and KMS key come from ../backend.hcl.
terraform {
  backend "s3" {
    key          = "bootstrap/terraform.tfstate"
    encrypt      = true
    use_lockfile = true
  }
}
