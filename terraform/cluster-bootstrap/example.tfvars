# An example for the dev cluster: copy to <cluster>.tfvars and pass it with -var-file (README). For
# prod: cluster_name = "prod" and environments = ["prod"], the keys of environments in envs/prod.
region            = "eu-west-1"
account_id        = "123456789012"
github_repository = "example-org/users-platform"
cluster_name      = "dev"
environments      = ["dev", "staging"]
