// The api chart's PostSync smoke Job and its Services, as Argo CD and the cluster will see them: the
// Job is an Argo CD hook (Helm test hooks are skipped by Argo CD), its pod is nobody's endpoint, the
// PDB ignores it and prod's NetworkPolicy lets it call the API; metrics live on their own Service.
import type { Manifest } from '@platform/manifest-validation';
import { describe, expect, it } from 'vitest';
import { exposureViolations } from './policies.js';
import { releases } from './releases.js';
import { helm, render, valuesFile } from './render.js';
import { admits, selecting, selects } from './selection.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const apiReleases = releases().filter((release) => release.app === 'api');
const prod = apiReleases.find((release) => release.env === 'prod')!;
const labelsOf = (m: Manifest) => (m.metadata?.labels ?? {}) as Record<string, string>;
const byKind = (manifests: Manifest[], kind: string) => manifests.filter((m) => m.kind === kind);
const smokeJob = (manifests: Manifest[]) =>
  byKind(manifests, 'Job').find((job) => labelsOf(job)['app.kubernetes.io/component'] === 'smoke');

describe.skipIf(!helm)('the smoke Job', () => {
  it.each(apiReleases.map((release) => [release.env, release] as const))(
    'in %s: an Argo CD PostSync hook, bounded, that asks /healthz/dependencies through the Service',
    (_, release) => {
      const manifests = render(release);
      expect(byKind(manifests, 'Pod')).toEqual([]);
      expect(JSON.stringify(manifests)).not.toContain('helm.sh/hook');
      const job = smokeJob(manifests)!;
      expect(job.metadata?.annotations).toEqual({
        'argocd.argoproj.io/hook': 'PostSync',
        'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation',
      });
      const spec = job.spec as Json;
      expect(spec).toMatchObject({ backoffLimit: 2, activeDeadlineSeconds: 180, ttlSecondsAfterFinished: 3600 });
      expect(spec.template.spec.restartPolicy).toBe('Never');
      const service = byKind(manifests, 'Service').find((s) => s.metadata?.name === 'api')!;
      const port = (service.spec as Json).ports[0].port;
      expect(spec.template.spec.containers[0].command.join(' ')).toContain(`http://api:${port}/healthz/dependencies`);
      expect(spec.template.spec.containers[0].command.join(' ')).toContain('process.exit(r.ok ? 0 : 1)');
    },
  );

  it('has pod labels with component smoke and without the selector labels: no Service, PDB or NetworkPolicy selects it', () => {
    const manifests = render(prod);
    const labels = (smokeJob(manifests)!.spec as Json).template.metadata.labels;
    expect(labels['app.kubernetes.io/component']).toBe('smoke');
    expect(labels['app.kubernetes.io/name']).toBeUndefined();
    expect(selecting(manifests, labels)).toEqual([]);
    const apiPodLabels = (byKind(manifests, 'Deployment')[0]!.spec as Json).template.metadata.labels;
    expect(selecting(manifests, apiPodLabels).sort()).toEqual([
      'NetworkPolicy/api',
      'PodDisruptionBudget/api',
      'Service/api',
      'Service/api-metrics',
    ]);
  });

  it("is let in by prod's NetworkPolicy on the http port — and other pods of the namespace are not", () => {
    const manifests = render(prod);
    const [policy] = byKind(manifests, 'NetworkPolicy');
    const smokeLabels = (smokeJob(manifests)!.spec as Json).template.metadata.labels;
    expect(admits(policy!, 'http', smokeLabels)).toBe(true);
    expect(admits(policy!, 'metrics', smokeLabels)).toBe(false);
    expect(
      admits(policy!, 'http', {
        'app.kubernetes.io/name': 'avatar-sweeper',
        'app.kubernetes.io/instance': 'avatar-sweeper',
      }),
    ).toBe(false);
    const withoutSmokeRule = structuredClone(policy!);
    (withoutSmokeRule.spec as Json).ingress[0].from.shift();
    expect(admits(withoutSmokeRule, 'http', smokeLabels)).toBe(false);
  });

  it('can be switched off', () => {
    expect(smokeJob(render(prod, valuesFile({ smokeTest: { enabled: false } })))).toBeUndefined();
  });
});

describe.skipIf(!helm)('the Services', () => {
  it.each(apiReleases.map((release) => [release.env, release] as const))(
    'in %s: <fullname> carries only http, <fullname>-metrics only metrics',
    (_, release) => {
      const services = byKind(render(release), 'Service');
      expect(
        services.map((s) => [
          s.metadata?.name,
          (s.spec as Json).type,
          (s.spec as Json).ports.map((p: Json) => `${p.name}:${p.port}->${p.targetPort}`),
        ]),
      ).toEqual(
        expect.arrayContaining([
          ['api', 'ClusterIP', ['http:80->http']],
          ['api-metrics', 'ClusterIP', ['metrics:9464->metrics']],
        ]),
      );
      expect(services).toHaveLength(2);
    },
  );

  it('the ServiceMonitor selects the metrics Service only, keeping job="<fullname>"; the Ingress routes to http of <fullname>', () => {
    const manifests = render(
      prod,
      valuesFile({ serviceMonitor: { enabled: true }, ingress: { enabled: true, host: 'users.example.com' } }),
    );
    const monitor = byKind(manifests, 'ServiceMonitor')[0]!.spec as Json;
    const selected = byKind(manifests, 'Service').filter((s) => selects(monitor.selector, labelsOf(s)));
    expect(selected.map((s) => s.metadata?.name)).toEqual(['api-metrics']);
    expect(monitor.endpoints).toEqual([
      expect.objectContaining({ port: 'metrics', relabelings: [{ targetLabel: 'job', replacement: 'api' }] }),
    ]);
    const backend = (byKind(manifests, 'Ingress')[0]!.spec as Json).rules[0].http.paths[0].backend.service;
    expect(backend).toEqual({ name: 'api', port: { name: 'http' } });
    expect(exposureViolations(manifests)).toEqual([]);
  });

  it('fails the exposure policy when the public Service carries the metrics port again', () => {
    const manifests = render(prod);
    const service = byKind(manifests, 'Service').find((s) => s.metadata?.name === 'api')!;
    (service.spec as Json).ports.push({ name: 'metrics', port: 9464, targetPort: 'metrics' });
    expect(exposureViolations(manifests)).toEqual([
      'Service/api: must not carry the metrics port (it has its own Service)',
    ]);
  });
});
