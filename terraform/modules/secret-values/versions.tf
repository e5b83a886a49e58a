terraform {
  # Ephemeral resources (1.10) and write-only arguments (1.11) keep the values out of plan and state.
  required_version = ">= 1.11"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 6.0"
    }
  }
}
