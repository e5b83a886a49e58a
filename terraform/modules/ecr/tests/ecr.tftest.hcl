mock_provider "aws" {}

variables {
  repository_names = ["api", "avatar-sweeper"]
}

run "immutable_scanned_and_cleaned" {
  command = plan

  assert {
    condition     = alltrue([for repository in aws_ecr_repository.this : repository.image_tag_mutability == "IMMUTABLE"])
    error_message = "A repository's tags are not IMMUTABLE."
  }

  assert {
    condition     = alltrue([for repository in aws_ecr_repository.this : repository.image_scanning_configuration[0].scan_on_push])
    error_message = "A repository does not scan images on push."
  }

  assert {
    condition     = keys(aws_ecr_lifecycle_policy.this) == keys(aws_ecr_repository.this)
    error_message = "A repository has no lifecycle policy."
  }
}
