// The Secrets a release's pods read, against the ExternalSecrets the same release renders: with no
// Secret allowed from git (the users project refuses the kind), every Secret a pod names must be
// written by one of the release's ExternalSecrets, with every key the pod reads.
import type { Manifest } from '@platform/manifest-validation';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function podSpec(manifest: Manifest): Json | undefined {
  const spec = manifest.spec as Json | undefined;
  if (manifest.kind === 'CronJob') return spec?.jobTemplate?.spec?.template?.spec;
  return ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'Pod'].includes(manifest.kind)
    ? manifest.kind === 'Pod'
      ? spec
      : spec?.template?.spec
    : undefined;
}

/** Each Secret a pod reads (not marked optional), with the keys it reads (undefined: all of them). */
function secretReads(pod: Json): { name: string; key?: string }[] {
  const containers: Json[] = [...(pod.initContainers ?? []), ...(pod.containers ?? [])];
  return [
    ...containers.flatMap((c) => (c.envFrom ?? []).map((e: Json) => e.secretRef).filter(Boolean)),
    ...containers.flatMap((c) => (c.env ?? []).map((e: Json) => e.valueFrom?.secretKeyRef).filter(Boolean)),
    ...(pod.volumes ?? [])
      .map((v: Json) => v.secret)
      .filter(Boolean)
      .map((s: Json) => ({ name: s.secretName, optional: s.optional })),
  ]
    .filter((ref: Json) => !ref.optional)
    .map((ref: Json) => ({ name: ref.name, key: ref.key }));
}

/** Problems, one line each; empty when every Secret the pods read is an ExternalSecret's target. */
export function unproducedSecrets(release: string, manifests: Manifest[]): string[] {
  const produced = new Map(
    manifests
      .filter((m) => m.kind === 'ExternalSecret')
      .map((m) => {
        const spec = m.spec as Json;
        const keys = spec.dataFrom ? undefined : new Set<string>((spec.data ?? []).map((d: Json) => d.secretKey));
        return [spec.target?.name ?? m.metadata?.name, keys] as const;
      }),
  );
  return manifests.flatMap((m) => {
    const pod = podSpec(m);
    if (!pod) return [];
    return secretReads(pod).flatMap(({ name, key }) => {
      const where = `${release}: ${m.kind}/${m.metadata?.name}`;
      if (!produced.has(name)) return [`${where} reads Secret ${name}, which no ExternalSecret of the release writes`];
      const keys = produced.get(name);
      return key && keys && !keys.has(key)
        ? [`${where} reads key ${key} of Secret ${name}, which its ExternalSecret does not write`]
        : [];
    });
  });
}
