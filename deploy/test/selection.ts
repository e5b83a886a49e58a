// Which rendered objects select which pods — Services (endpoints), PodDisruptionBudgets and
// NetworkPolicies all choose pods by label — so a test can prove the smoke Job's pod stays out of
// the API's Service and PDB, and that the NetworkPolicy lets it in.
import type { Manifest } from '@platform/manifest-validation';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Labels = Record<string, string>;

/** Kubernetes label-selector semantics (matchLabels and matchExpressions); a Service's plain map too. */
export function selects(selector: Json | undefined, labels: Labels): boolean {
  if (!selector) return false;
  const matchLabels: Labels = selector.matchLabels ?? (selector.matchExpressions ? {} : selector);
  const expressions: Json[] = selector.matchExpressions ?? [];
  return (
    Object.entries(matchLabels).every(([key, value]) => labels[key] === value) &&
    expressions.every(({ key, operator, values = [] }) => {
      if (operator === 'In') return values.includes(labels[key]);
      if (operator === 'NotIn') return !values.includes(labels[key]);
      if (operator === 'Exists') return key in labels;
      if (operator === 'DoesNotExist') return !(key in labels);
      return false;
    })
  );
}

/** The objects among `manifests` whose pod selector picks pods labelled `labels`. */
export function selecting(manifests: readonly Manifest[], labels: Labels): string[] {
  return manifests
    .filter((m) => ['Service', 'PodDisruptionBudget', 'NetworkPolicy'].includes(m.kind ?? ''))
    .filter((m) => {
      const spec = m.spec as Json;
      return selects(m.kind === 'NetworkPolicy' ? spec.podSelector : spec.selector, labels);
    })
    .map((m) => `${m.kind}/${m.metadata?.name}`);
}

/**
 * Whether a NetworkPolicy admits, on `port`, pods of the same namespace labelled `labels`. A policy
 * that does not select the destination's pods or has no Ingress type admits everything.
 */
export function admits(policy: Manifest, port: string, labels: Labels): boolean {
  const spec = policy.spec as Json;
  if (!(spec.policyTypes ?? ['Ingress']).includes('Ingress')) return true;
  return ((spec.ingress ?? []) as Json[]).some(
    (rule) =>
      (!rule.ports || rule.ports.some((p: Json) => p.port === port)) &&
      (!rule.from || rule.from.some((peer: Json) => !peer.namespaceSelector && selects(peer.podSelector, labels))),
  );
}
