variable "namespace" {
  description = "Namespace of Argo CD (and of the root Application)."
  type        = string
  default     = "argocd"
}

variable "argocd_chart" {
  description = "The argo-cd Helm chart: repository, name and exact version, as `sources[0]` of the `argo-cd` Application names them (terraform/cluster-bootstrap reads that file)."
  type = object({
    repository = string
    name       = string
    version    = string
  })

  validation {
    condition     = var.argocd_chart.name == "argo-cd" && can(regex("^[0-9]+\\.[0-9]+\\.[0-9]+$", var.argocd_chart.version))
    error_message = "argocd_chart is the argo-cd chart at an exact version (x.y.z), never a range."
  }
}

variable "argocd_values" {
  description = "Values files of the argo-cd chart, as YAML, in order (the `argo-cd` Application's valueFiles: platform, then cluster)."
  type        = list(string)

  validation {
    condition     = alltrue([for values in var.argocd_values : can(yamldecode(values))])
    error_message = "argocd_values must each be YAML."
  }
}

variable "bootstrap_manifests" {
  description = "The Argo CD objects a new cluster starts from, as YAML, applied as they are: `argocd/bootstrap/platform-project.yaml` (the root Application's AppProject) and `argocd/bootstrap/root-<cluster>.yaml` (the root Application)."
  type        = list(string)

  validation {
    condition = length(var.bootstrap_manifests) > 0 && alltrue([
      for manifest in var.bootstrap_manifests :
      try(yamldecode(manifest).apiVersion, "") == "argoproj.io/v1alpha1" && contains(["AppProject", "Application"], try(yamldecode(manifest).kind, ""))
    ])
    error_message = "bootstrap_manifests must each be one argoproj.io/v1alpha1 AppProject or Application."
  }
}
