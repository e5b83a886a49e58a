# An example: copy to terraform.tfvars (git-ignored) and put in your own values.
region            = "eu-west-1"
account_id        = "123456789012"
state_bucket_name = "example-users-platform-tfstate"
github_repository = "example-org/users-platform"
main_branch       = "main"
ecr_repositories  = ["api", "avatar-sweeper"]
