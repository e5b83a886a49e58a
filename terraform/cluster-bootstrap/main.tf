# Run once per cluster by an operator, never by CI: the first values of the environments' secrets,
# then Argo CD exactly as its own Application (argocd/clusters/<cluster>/argo-cd.yaml) describes it,
# then the objects that make it fill the cluster from git. Argo CD manages itself afterwards.

locals {
  repository = "${path.module}/../.."
  # The Application through which Argo CD manages itself: the chart, version and values files it
  # names are the ones installed here, so its first sync changes nothing.
  argo_cd = yamldecode(file("${path.module}/../../argocd/clusters/${var.cluster_name}/argo-cd.yaml"))
  chart   = local.argo_cd.spec.sources[0]
}

data "aws_eks_cluster" "this" {
  name = var.cluster_name
}

# API_KEYS and TOKEN_SECRET of each environment, generated and written write-only (never in state).
module "secret_values" {
  source = "../modules/secret-values"

  secrets = { for name in var.environments : "users/${name}/api" => ["API_KEYS", "TOKEN_SECRET"] }
}

module "argocd" {
  source = "../modules/argocd-bootstrap"

  argocd_chart = {
    repository = local.chart.repoURL
    name       = local.chart.chart
    version    = local.chart.targetRevision
  }
  # "$values/<path>" is <path> in this repository (the Application's `ref: values` source).
  argocd_values = [for file_name in local.chart.helm.valueFiles : file("${local.repository}/${trimprefix(file_name, "$values/")}")]
  bootstrap_manifests = [
    file("${path.module}/../../argocd/bootstrap/platform-project.yaml"),
    file("${path.module}/../../argocd/bootstrap/root-${var.cluster_name}.yaml"),
  ]

  # The apps' ExternalSecrets find their values from the first sync on.
  depends_on = [module.secret_values]
}
