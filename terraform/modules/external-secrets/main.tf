data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

locals {
  role_name = "${var.cluster_name}-external-secrets"
  # Built from the name: the readers' trust names this role, and this role's policy names the readers.
  role_arn = "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:role/${local.role_name}"
}

# Argo CD's own secrets: the notifications GitHub App's key and the OIDC client secret. Terraform
# creates them empty; the operator puts the values (README).
module "this" {
  source = "../secrets"

  path = "argocd/${var.cluster_name}"
  secrets = {
    github-app = "Argo CD notifications: the GitHub App's private key, JSON {\"privateKey\": \"<PEM>\"}"
    oidc       = "Argo CD SSO: the OIDC client secret, JSON {\"clientSecret\": \"...\"}"
  }
  key_alias               = "argocd-secrets-${var.cluster_name}"
  reader_role_name        = "argocd-${var.cluster_name}-secrets-reader"
  reader_trusted_role_arn = local.role_arn
  tags                    = var.tags
}

# The operator's own identity can do one thing: assume the reader roles, one per ClusterSecretStore.
resource "aws_iam_role" "this" {
  name                 = local.role_name
  description          = "External Secrets Operator of cluster ${var.cluster_name} (${var.namespace}/${var.service_account})."
  assume_role_policy   = data.aws_iam_policy_document.trust.json
  max_session_duration = 3600
  tags                 = var.tags
}

resource "aws_iam_role_policy" "this" {
  name   = "assume-secret-readers"
  role   = aws_iam_role.this.id
  policy = data.aws_iam_policy_document.assume_readers.json
}

resource "aws_eks_pod_identity_association" "this" {
  cluster_name    = var.cluster_name
  namespace       = var.namespace
  service_account = var.service_account
  role_arn        = aws_iam_role.this.arn
  tags            = var.tags
}

data "aws_iam_policy_document" "trust" {
  statement {
    sid     = "EksPodIdentity"
    actions = ["sts:AssumeRole", "sts:TagSession"]

    principals {
      type        = "Service"
      identifiers = ["pods.eks.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:RequestTag/eks-cluster-name"
      values   = [var.cluster_name]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:RequestTag/kubernetes-namespace"
      values   = [var.namespace]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:RequestTag/kubernetes-service-account"
      values   = [var.service_account]
    }
  }
}

# TagSession: EKS Pod Identity's session tags are transitive, so the chained AssumeRole carries them.
data "aws_iam_policy_document" "assume_readers" {
  statement {
    sid       = "AssumeTheSecretReaders"
    actions   = ["sts:AssumeRole", "sts:TagSession"]
    resources = concat(var.reader_role_arns, [module.this.reader_role_arn])
  }
}
