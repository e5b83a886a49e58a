{{/* Chart name, truncated to the 63 characters Kubernetes allows in names. */}}
{{- define "api.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Full name of the release's objects. */}}
{{- define "api.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else if contains (include "api.name" .) .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name (include "api.name" .) | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{- define "api.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "api.selectorLabels" -}}
app.kubernetes.io/name: {{ include "api.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "api.labels" -}}
helm.sh/chart: {{ include "api.chart" . }}
{{ include "api.selectorLabels" . }}
app.kubernetes.io/version: {{ .Values.image.tag | trunc 63 | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: users-platform
{{- end }}

{{- define "api.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "api.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
  The smoke Job's labels: the release's, component smoke, and NOT the selector labels (no
  app.kubernetes.io/name), so its pod is no Service endpoint, the PDB does not count it and the
  API's NetworkPolicy does not select it.
*/}}
{{- define "api.smokeLabels" -}}
helm.sh/chart: {{ include "api.chart" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: smoke
app.kubernetes.io/version: {{ .Values.image.tag | trunc 63 | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: users-platform
{{- end }}

{{/* The Secret holding API_KEYS and TOKEN_SECRET: its name, whoever makes it (see secrets in values.yaml). */}}
{{- define "api.secretName" -}}
{{- default (printf "%s-secrets" (include "api.fullname" .)) .Values.secrets.existingSecret }}
{{- end }}

{{/* The image, by its immutable tag. */}}
{{- define "api.image" -}}
{{- printf "%s:%s" .Values.image.repository .Values.image.tag }}
{{- end }}

{{/* Fails the render when settings contradict each other. */}}
{{- define "api.validate" -}}
{{- $secrets := .Values.secrets }}
{{- $makers := list }}
{{- if $secrets.create }}{{ $makers = append $makers "create" }}{{ end }}
{{- if $secrets.externalSecret.enabled }}{{ $makers = append $makers "externalSecret.enabled" }}{{ end }}
{{- if $secrets.madeElsewhere }}{{ $makers = append $makers "madeElsewhere" }}{{ end }}
{{- if ne (len $makers) 1 }}
{{- fail (printf "secrets: exactly one of create, externalSecret.enabled and madeElsewhere must be true, so the Secret %q the pod reads is made exactly once (true: %s)" (include "api.secretName" .) (default "none" (join ", " $makers))) }}
{{- end }}
{{- if and $secrets.existingSecret $secrets.create }}
{{- fail "secrets: existingSecret and create: true exclude each other" }}
{{- end }}
{{- if and $secrets.madeElsewhere (not $secrets.existingSecret) }}
{{- fail "secrets.madeElsewhere needs secrets.existingSecret: the name of the Secret made elsewhere" }}
{{- end }}
{{- $needed := add .Values.preStopSleepSeconds (div (add .Values.config.shutdownGraceMs 999) 1000) 2 }}
{{- if lt (int .Values.terminationGracePeriodSeconds) (int $needed) }}
{{- fail (printf "terminationGracePeriodSeconds (%d) must be at least preStopSleepSeconds + config.shutdownGraceMs + 2 s (%d)" (int .Values.terminationGracePeriodSeconds) (int $needed)) }}
{{- end }}
{{- if and .Values.autoscaling.enabled (gt (int .Values.autoscaling.minReplicas) (int .Values.autoscaling.maxReplicas)) }}
{{- fail "autoscaling.minReplicas must not exceed autoscaling.maxReplicas" }}
{{- end }}
{{- if and .Values.prometheusRule.enabled (not .Values.serviceMonitor.enabled) }}
{{- fail "prometheusRule.enabled needs serviceMonitor.enabled: the rules select the job label its scrape sets" }}
{{- end }}
{{- end }}
