variable "namespace" {
  description = "Namespace of Argo CD (and of the root Application)."
  type        = string
  default     = "argocd"
}

variable "argocd_chart_version" {
  description = "Exact version of the argo-cd Helm chart (https://argoproj.github.io/argo-helm)."
  type        = string
  default     = "9.1.0"

  validation {
    condition     = can(regex("^[0-9]+\\.[0-9]+\\.[0-9]+$", var.argocd_chart_version))
    error_message = "Pin an exact chart version (x.y.z), never a range."
  }
}

variable "argocd_values_yaml" {
  description = "Extra values for the argo-cd chart, as YAML, merged over the module's defaults (ingress, SSO, HA replicas...)."
  type        = string
  default     = ""

  validation {
    condition     = can(yamldecode(var.argocd_values_yaml == "" ? "{}" : var.argocd_values_yaml))
    error_message = "argocd_values_yaml must be YAML."
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
