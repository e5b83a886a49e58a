// The rules every rendered release must keep, as code: each function returns the violations it
// finds (empty when the release complies), so a test can also prove it catches a broken one.
import { describeManifest, type Manifest } from '@platform/manifest-validation';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const immutableTag = /:[0-9a-f]{40}$/;

/** Pod templates of every workload kind, with the object they belong to. */
export function podSpecs(manifests: readonly Manifest[]) {
  return manifests.flatMap((m): { owner: string; pod: Json; workload: Manifest }[] => {
    const spec = m.spec as Json | undefined;
    if (m.kind === 'Deployment' || m.kind === 'Job')
      return [{ owner: describeManifest(m), pod: spec?.template?.spec ?? {}, workload: m }];
    if (m.kind === 'CronJob')
      return [{ owner: describeManifest(m), pod: spec?.jobTemplate?.spec?.template?.spec ?? {}, workload: m }];
    if (m.kind === 'Pod') return [{ owner: describeManifest(m), pod: spec ?? {}, workload: m }];
    return [];
  });
}

/** Secure, resourced, probed pods running immutable images. */
export function podPolicyViolations(manifests: readonly Manifest[]): string[] {
  const violations: string[] = [];
  for (const { owner, pod, workload } of podSpecs(manifests)) {
    if (pod.securityContext?.runAsNonRoot !== true) violations.push(`${owner}: pod must set runAsNonRoot`);
    if (pod.securityContext?.seccompProfile?.type !== 'RuntimeDefault')
      violations.push(`${owner}: seccomp must be RuntimeDefault`);
    if (pod.automountServiceAccountToken !== false) violations.push(`${owner}: must not mount a service account token`);
    for (const container of (pod.containers ?? []) as Json[]) {
      const where = `${owner} container ${container.name}`;
      const security = container.securityContext ?? {};
      if (security.readOnlyRootFilesystem !== true) violations.push(`${where}: root filesystem must be read-only`);
      if (security.allowPrivilegeEscalation !== false) violations.push(`${where}: must forbid privilege escalation`);
      if (!(security.capabilities?.drop ?? []).includes('ALL')) violations.push(`${where}: must drop ALL capabilities`);
      if (!immutableTag.test(container.image ?? ''))
        violations.push(`${where}: image must be pinned to a commit SHA, not ${container.image}`);
      for (const kind of ['requests', 'limits'])
        for (const resource of ['cpu', 'memory'])
          if (container.resources?.[kind]?.[resource] === undefined)
            violations.push(`${where}: ${kind}.${resource} must be set`);
      if (workload.kind === 'Deployment')
        for (const probe of ['startupProbe', 'livenessProbe', 'readinessProbe'])
          if (!container[probe]) violations.push(`${where}: ${probe} must be set`);
    }
  }
  return violations;
}

/** Availability: the HPA owns the replica count, disruptions cannot block drains, prod is redundant. */
export function availabilityViolations(manifests: readonly Manifest[], env: string): string[] {
  const violations: string[] = [];
  const hpas = manifests.filter((m) => m.kind === 'HorizontalPodAutoscaler');
  for (const deployment of manifests.filter((m) => m.kind === 'Deployment')) {
    const name = deployment.metadata?.name;
    const spec = deployment.spec as Json;
    const hpa = hpas.find((h) => (h.spec as Json).scaleTargetRef?.name === name);
    if (hpa && spec.replicas !== undefined)
      violations.push(`${describeManifest(deployment)}: replicas must be omitted when an HPA scales it`);
    const minReplicas: number = hpa ? (hpa.spec as Json).minReplicas : (spec.replicas ?? 1);
    if (env === 'prod' && minReplicas < 2)
      violations.push(`${describeManifest(deployment)}: prod needs at least 2 replicas, has ${minReplicas}`);
    const pod = spec.template?.spec ?? {};
    if (!(pod.topologySpreadConstraints ?? []).some((c: Json) => c.topologyKey === 'topology.kubernetes.io/zone')) {
      violations.push(`${describeManifest(deployment)}: pods must spread across zones`);
    }
    const preStop: number = pod.containers?.[0]?.lifecycle?.preStop?.sleep?.seconds ?? 0;
    const configMap = manifests.find((m) => m.kind === 'ConfigMap' && m.metadata?.name === name);
    const graceMs = Number((configMap?.data as Json | undefined)?.SHUTDOWN_GRACE_MS ?? 0);
    if ((pod.terminationGracePeriodSeconds ?? 30) < preStop + graceMs / 1000) {
      violations.push(
        `${describeManifest(deployment)}: terminationGracePeriodSeconds must cover preStop and the app's shutdown grace`,
      );
    }
    if (!spec.template?.metadata?.annotations?.['checksum/config'])
      violations.push(`${describeManifest(deployment)}: a config change must roll the pods`);
    for (const pdb of manifests.filter((m) => m.kind === 'PodDisruptionBudget')) {
      const { minAvailable, maxUnavailable } = pdb.spec as Json;
      if (minAvailable !== undefined && Number(minAvailable) >= minReplicas) {
        violations.push(
          `${describeManifest(pdb)}: minAvailable ${minAvailable} would block every drain with ${minReplicas} replicas`,
        );
      }
      if (maxUnavailable !== undefined && Number(maxUnavailable) < 1)
        violations.push(`${describeManifest(pdb)}: maxUnavailable must allow one pod down`);
    }
  }
  return violations;
}

const isMetricsPort = (port: Json) => port.name === 'metrics' || port.targetPort === 'metrics' || port.port === 9464;

/**
 * Traffic: ClusterIP services; the metrics port only on a Service of its own (labelled component
 * metrics), so the Service that callers and the Ingress use never exposes it; the Ingress routes only http.
 */
export function exposureViolations(manifests: readonly Manifest[]): string[] {
  const violations: string[] = [];
  for (const service of manifests.filter((m) => m.kind === 'Service')) {
    const spec = service.spec as Json;
    if (spec.type !== 'ClusterIP') violations.push(`${describeManifest(service)}: must be ClusterIP`);
    const ports: Json[] = spec.ports ?? [];
    const labels = (service.metadata?.labels ?? {}) as Record<string, string>;
    const metricsService = labels['app.kubernetes.io/component'] === 'metrics';
    if (!metricsService && ports.some(isMetricsPort))
      violations.push(`${describeManifest(service)}: must not carry the metrics port (it has its own Service)`);
    if (metricsService && !ports.every(isMetricsPort))
      violations.push(`${describeManifest(service)}: the metrics Service must carry only the metrics port`);
  }
  for (const ingress of manifests.filter((m) => m.kind === 'Ingress')) {
    const ports = ((ingress.spec as Json).rules ?? []).flatMap((rule: Json) =>
      (rule.http?.paths ?? []).map(
        (path: Json) => path.backend?.service?.port?.name ?? path.backend?.service?.port?.number,
      ),
    );
    if (ports.some((port: unknown) => port !== 'http'))
      violations.push(`${describeManifest(ingress)}: must route only the http port`);
  }
  return violations;
}

export function releasePolicyViolations(manifests: readonly Manifest[], env: string): string[] {
  return [
    ...podPolicyViolations(manifests),
    ...availabilityViolations(manifests, env),
    ...exposureViolations(manifests),
  ];
}
