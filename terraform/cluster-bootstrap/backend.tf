# Bucket, region and KMS key from ../backend.hcl; the key names the cluster, so it is given at init:
#   terraform init -backend-config=../backend.hcl -backend-config=key=cluster-bootstrap/<cluster>/terraform.tfstate
terraform {
  backend "s3" {
    encrypt      = true
    use_lockfile = true
  }
}
