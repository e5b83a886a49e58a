output "argocd_chart_version" {
  description = "The argo-cd chart version installed (Argo CD upgrades itself from git afterwards)."
  value       = module.argocd.argocd_chart_version
}

output "bootstrap_objects" {
  description = "The objects applied, as `<kind>/<name>`."
  value       = module.argocd.bootstrap_objects
}

output "secret_version_ids" {
  description = "The first version of each environment's secret (the values are never output or stored)."
  value       = module.secret_values.version_ids
}
