{{- range .Values.manifests }}
---
{{ toYaml . }}
{{- end }}
