locals {
  bootstrap_objects = [for manifest in var.bootstrap_manifests : yamldecode(manifest)]
}

# Install once. From then on the Application `argo-cd` (argocd/clusters/<cluster>/argo-cd.yaml, the
# same chart, version, release name and values files) manages Argo CD from git, so Terraform ignores
# every later change here rather than fight Argo CD over the same objects.
resource "helm_release" "argo_cd" {
  name             = "argocd"
  repository       = var.argocd_chart.repository
  chart            = var.argocd_chart.name
  version          = var.argocd_chart.version
  namespace        = var.namespace
  create_namespace = true
  atomic           = true
  timeout          = 900
  values           = var.argocd_values

  lifecycle {
    ignore_changes = all
  }
}

# The bootstrap objects go through a one-template local chart that renders them verbatim, once Argo CD
# (and so its CRDs) is installed. Unlike kubernetes_manifest, this needs no CRD at plan time; unlike
# the argocd-apps chart, the files are not re-expressed in another schema. Argo CD syncs them from git
# afterwards (the root Application includes argocd/bootstrap), so they are installed once as well.
resource "helm_release" "bootstrap_objects" {
  name      = "argocd-bootstrap-objects"
  chart     = "${path.module}/charts/bootstrap-objects"
  namespace = var.namespace
  values    = [yamlencode({ manifests = local.bootstrap_objects })]

  depends_on = [helm_release.argo_cd]

  lifecycle {
    ignore_changes = all
  }
}
