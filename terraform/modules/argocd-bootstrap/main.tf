locals {
  bootstrap_objects = [for manifest in var.bootstrap_manifests : yamldecode(manifest)]
  # Only what the bootstrap needs; everything else comes from argocd_values_yaml.
  default_values = {
    dex = { enabled = false }
  }
}

resource "helm_release" "argo_cd" {
  name             = "argocd"
  repository       = "https://argoproj.github.io/argo-helm"
  chart            = "argo-cd"
  version          = var.argocd_chart_version
  namespace        = var.namespace
  create_namespace = true
  atomic           = true
  timeout          = 900
  values           = compact([yamlencode(local.default_values), var.argocd_values_yaml])
}

# The bootstrap objects go through a one-template local chart that renders them verbatim, once Argo CD
# (and so its CRDs) is installed. Unlike kubernetes_manifest, this needs no CRD at plan time; unlike
# the argocd-apps chart, the files are not re-expressed in another schema.
resource "helm_release" "bootstrap_objects" {
  name      = "argocd-bootstrap-objects"
  chart     = "${path.module}/charts/bootstrap-objects"
  namespace = var.namespace
  values    = [yamlencode({ manifests = local.bootstrap_objects })]

  depends_on = [helm_release.argo_cd]
}
