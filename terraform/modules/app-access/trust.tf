locals {
  oidc_issuer = var.oidc_provider_arn == null ? "" : element(split(":oidc-provider/", var.oidc_provider_arn), 1)
}

# The trust names the namespace and service account itself (session tags set by EKS Pod Identity),
# so even a stray association elsewhere cannot hand this role to another workload.
data "aws_iam_policy_document" "trust" {
  for_each = local.service_accounts

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
      values   = var.cluster_names
    }

    condition {
      test     = "StringEquals"
      variable = "aws:RequestTag/kubernetes-namespace"
      values   = [var.namespace]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:RequestTag/kubernetes-service-account"
      values   = [each.value]
    }
  }

  dynamic "statement" {
    for_each = var.oidc_provider_arn == null ? [] : [each.value]

    content {
      sid     = "IrsaWebIdentity"
      actions = ["sts:AssumeRoleWithWebIdentity"]

      principals {
        type        = "Federated"
        identifiers = [var.oidc_provider_arn]
      }

      condition {
        test     = "StringEquals"
        variable = "${local.oidc_issuer}:sub"
        values   = ["system:serviceaccount:${var.namespace}:${statement.value}"]
      }

      condition {
        test     = "StringEquals"
        variable = "${local.oidc_issuer}:aud"
        values   = ["sts.amazonaws.com"]
      }
    }
  }
}
