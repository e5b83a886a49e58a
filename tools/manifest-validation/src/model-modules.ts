/**
 * Where the generated models of each API group live: kubernetes-models for Kubernetes itself,
 * @kubernetes-models/argo-cd (Argo CD 3.3), @kubernetes-models/prometheus-operator and
 * @kubernetes-models/external-secrets for CRDs.
 */
export function modelModule(apiVersion: string): string | undefined {
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  if (group === 'argoproj.io') return `@kubernetes-models/argo-cd/${apiVersion}`;
  if (group === 'external-secrets.io') return `@kubernetes-models/external-secrets/${apiVersion}`;
  if (group === 'monitoring.coreos.com') return `@kubernetes-models/prometheus-operator/${apiVersion}`;
  if (group === '' || group.endsWith('.k8s.io') || ['apps', 'autoscaling', 'batch', 'policy'].includes(group)) {
    return `kubernetes-models/${apiVersion}`;
  }
  return undefined;
}
