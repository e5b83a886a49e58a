output "namespace" {
  description = "Namespace of Argo CD."
  value       = helm_release.argo_cd.namespace
}

output "argocd_chart_version" {
  description = "The argo-cd chart version installed at bootstrap (Argo CD upgrades itself afterwards)."
  value       = helm_release.argo_cd.version
}

output "bootstrap_objects" {
  description = "The objects applied, as `<kind>/<name>` (e.g. `Application/root`)."
  value       = [for object in local.bootstrap_objects : "${object.kind}/${object.metadata.name}"]
}
