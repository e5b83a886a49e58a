// The bad-input rule for Secrets: every Secret a pod reads must be made by the same render —
// a Secret object, or an ExternalSecret whose target it is. Otherwise the pod waits forever in
// CreateContainerConfigError for a Secret nobody writes.
import { relative } from 'node:path';
import type { Manifest } from '@platform/manifest-validation';
import { podSpecs } from './policies.js';
import { deployDir, type Release } from './releases.js';
import { render } from './render.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A Secret read by a pod: which workload, which Secret, and how (envFrom, env, volume). */
export interface SecretRead {
  readonly owner: string;
  readonly secret: string;
  readonly how: string;
}

/** Every Secret the rendered pods read through envFrom, env secretKeyRef or a (projected) volume. */
export function secretReads(manifests: readonly Manifest[]): SecretRead[] {
  return podSpecs(manifests).flatMap(({ owner, pod }) => {
    const containers: Json[] = [...(pod.containers ?? []), ...(pod.initContainers ?? [])];
    const fromContainers = containers.flatMap((c) => [
      ...(c.envFrom ?? [])
        .filter((e: Json) => e.secretRef)
        .map((e: Json) => ({ owner, secret: e.secretRef.name, how: `envFrom of container ${c.name}` })),
      ...(c.env ?? [])
        .filter((e: Json) => e.valueFrom?.secretKeyRef)
        .map((e: Json) => ({
          owner,
          secret: e.valueFrom.secretKeyRef.name,
          how: `env ${e.name} of container ${c.name}`,
        })),
    ]);
    const fromVolumes = (pod.volumes ?? []).flatMap((v: Json) => [
      ...(v.secret ? [{ owner, secret: v.secret.secretName, how: `volume ${v.name}` }] : []),
      ...(v.projected?.sources ?? [])
        .filter((s: Json) => s.secret)
        .map((s: Json) => ({ owner, secret: s.secret.name, how: `projected volume ${v.name}` })),
    ]);
    return [...fromContainers, ...fromVolumes];
  });
}

/** Names of the Secrets a render makes: its Secret objects and its ExternalSecrets' targets. */
export function madeSecrets(manifests: readonly Manifest[]): Set<string> {
  return new Set(
    manifests.flatMap((m) => {
      if (m.kind === 'Secret') return [m.metadata?.name ?? ''];
      // The operator names the Secret after the ExternalSecret when target.name is not set.
      if (m.kind === 'ExternalSecret') return [(m.spec as Json)?.target?.name ?? m.metadata?.name ?? ''];
      return [];
    }),
  );
}

/** The path a failure message names: relative to the repository when the file is in it. */
const shown = (file: string) => {
  const path = relative(`${deployDir}/..`, file);
  return path.startsWith('..') ? file : path;
};

/** One message per Secret read that the render of `valuesFile` does not make; empty when all are made. */
export function unmadeSecretViolations(manifests: readonly Manifest[], valuesFile: string): string[] {
  const made = madeSecrets(manifests);
  return secretReads(manifests)
    .filter((read) => !made.has(read.secret))
    .map(
      (read) =>
        `${shown(valuesFile)}: ${read.owner} reads Secret "${read.secret}" (${read.how}), which neither the render creates nor any ExternalSecret targets`,
    );
}

/**
 * The offline check for one release: render its values file with helm and report, naming the file,
 * every Secret read that nothing in the render makes — or the render's own refusal (the chart fails
 * when no one, or more than one, makes the Secret).
 */
export function releaseSecretViolations(release: Release): string[] {
  let manifests: Manifest[];
  try {
    manifests = render(release);
  } catch (error) {
    const reason = (error as Error).message.match(/Error: (.*)/)?.[1] ?? (error as Error).message;
    return [`${shown(release.valuesFile)}: helm template failed: ${reason}`];
  }
  return unmadeSecretViolations(manifests, release.valuesFile);
}
