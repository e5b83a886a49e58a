// Every chart × environment rendered by a real helm binary (see helm.ts for where it comes from),
// then validated against the Kubernetes schemas and the policies in policies.ts.
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateManifests } from '@platform/manifest-validation';
import { describe, expect, it, onTestFinished } from 'vitest';
import { parse, stringify } from 'yaml';
import { helmVersion, runHelm } from './helm.js';
import { releasePolicyViolations } from './policies.js';
import { pinnedChartDefaults } from './chart-at-revision.js';
import { chartExists, deployDir, releases } from './releases.js';
import { helm, render, valuesFile } from './render.js';

type Values = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

if (!helm)
  console.warn(
    '\n⚠ SKIPPING the Helm chart tests: no helm binary (set HELM_BIN, put helm on PATH, or run on Linux x64).\n',
  );
else console.info(`Helm chart tests use ${helmVersion(helm)} (${helm})`);

describe.skipIf(!helm)('charts, rendered for every environment', () => {
  it('has a chart for every values file, and values for dev, staging and prod', () => {
    expect(releases().filter((release) => !chartExists(release))).toEqual([]);
    expect(new Set(releases().map((r) => r.env))).toEqual(new Set(['dev', 'staging', 'prod']));
  });

  it('gives the API and the sweeper of an environment the same listing shard count (docs/scaling.md)', () => {
    const shardsByEnv = new Map<string, Set<unknown>>();
    for (const release of releases()) {
      const settings = render(release).find((m) => m.kind === 'ConfigMap' && (m as Values).data?.USERS_TABLE);
      const shards = (settings as Values | undefined)?.data?.USERS_LISTING_SHARDS;
      expect(shards, `${release.app} in ${release.env}`).toMatch(/^[1-9][0-9]?$/);
      shardsByEnv.set(release.env, (shardsByEnv.get(release.env) ?? new Set()).add(shards));
    }
    for (const [env, counts] of shardsByEnv) expect([...counts], env).toHaveLength(1);
  });

  describe.each(releases().map((release) => [`${release.app} in ${release.env}`, release] as const))(
    '%s',
    (_, release) => {
      it('passes helm lint --strict against the values schema', () => {
        const result = runHelm(helm!, [
          'lint',
          '--strict',
          release.chartDir,
          '-n',
          release.namespace,
          '-f',
          release.valuesFile,
        ]);
        expect(result.stderr + result.stdout).toContain('0 chart(s) failed');
        expect(result.status).toBe(0);
      });

      it('renders objects that the Kubernetes schemas accept, with no unknown field', async () => {
        const manifests = render(release);
        const kinds = manifests.map((m) => m.kind);
        expect(kinds).toEqual(expect.arrayContaining(['ConfigMap', 'ServiceAccount']));
        expect(kinds.filter((kind) => kind === 'Deployment' || kind === 'CronJob')).toHaveLength(1);
        expect(await validateManifests(manifests)).toEqual([]);
      });

      it('meets the security, availability and exposure policies', () => {
        expect(releasePolicyViolations(render(release), release.env)).toEqual([]);
      });

      // Against the defaults of the chart the environment renders (its chart.revision): a default
      // changed on main reaches it only by promotion, and until then its override still counts.
      it('overrides only: repeats no default of the chart it renders', () => {
        const defaults = pinnedChartDefaults(release);
        const overrides = parse(readFileSync(release.valuesFile, 'utf8'));
        const repeated = (value: unknown, base: unknown, path: string): string[] =>
          value !== null && typeof value === 'object' && !Array.isArray(value)
            ? Object.entries(value).flatMap(([key, v]) =>
                repeated(v, (base as Record<string, unknown> | undefined)?.[key], `${path}.${key}`),
              )
            : JSON.stringify(value) === JSON.stringify(base)
              ? [path]
              : [];
        expect(repeated(overrides, defaults, release.app)).toEqual([]);
      });
    },
  );
});

describe.skipIf(!helm)('the api chart beyond what environments use', () => {
  const prod = releases().find((r) => r.app === 'api' && r.env === 'prod')!;

  it('renders its optional objects valid: Ingress with TLS, NetworkPolicy, ServiceMonitor, a created Secret, fixed replicas', async () => {
    const manifests = render(
      prod,
      valuesFile({
        ingress: { enabled: true, className: 'nginx', host: 'users.example.com', tlsSecretName: 'users-tls' },
        serviceMonitor: { enabled: true },
        secrets: {
          existingSecret: '',
          create: true,
          apiKeys: 'k1,k2',
          tokenSecret: 'x'.repeat(32),
          externalSecret: { enabled: false },
        },
        autoscaling: { enabled: false },
        replicaCount: 3,
      }),
    );
    expect(manifests.map((m) => m.kind)).toEqual(
      expect.arrayContaining(['Ingress', 'NetworkPolicy', 'ServiceMonitor', 'Secret', 'Deployment']),
    );
    expect(manifests.find((m) => m.kind === 'HorizontalPodAutoscaler')).toBeUndefined();
    expect(await validateManifests(manifests)).toEqual([]);
    expect(releasePolicyViolations(manifests, 'prod')).toEqual([]);
    const deployment = manifests.find((m) => m.kind === 'Deployment')!;
    expect((deployment.spec as { replicas: number }).replicas).toBe(3);
    expect(JSON.stringify(deployment)).toContain('checksum/secret');
  });

  it('scales on CPU alone unless a memory target is set', () => {
    const metricsOf = (manifests: ReturnType<typeof render>) =>
      (manifests.find((m) => m.kind === 'HorizontalPodAutoscaler')?.spec as { metrics: Values[] }).metrics.map(
        (metric) => metric.resource.name,
      );
    expect(metricsOf(render(prod))).toEqual(['cpu']);
    const withMemory = render(prod, valuesFile({ autoscaling: { targetMemoryUtilizationPercentage: 85 } }));
    expect(metricsOf(withMemory)).toEqual(['cpu', 'memory']);
  });

  it('refuses a grace period shorter than the shutdown takes', () => {
    const result = runHelm(helm!, [
      'template',
      'api',
      prod.chartDir,
      '-f',
      prod.valuesFile,
      '-f',
      valuesFile({ terminationGracePeriodSeconds: 5 }),
    ]);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('terminationGracePeriodSeconds');
  });

  it("refuses a request time-out as long as the avatar sweeper's shortest grace (the API would refuse to start)", () => {
    const args = ['template', 'api', prod.chartDir, '-f', prod.valuesFile, '-f'];
    const refused = runHelm(helm!, [...args, valuesFile({ config: { requestTimeoutMs: 1_800_000 } })]);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain('requestTimeoutMs');
    expect(runHelm(helm!, [...args, valuesFile({ config: { requestTimeoutMs: 1_799_999 } })]).status).toBe(0);
  });
});

describe.skipIf(!helm)('a broken values file', () => {
  const prod = releases().find((r) => r.app === 'api' && r.env === 'prod')!;

  function lintBroken(edit: (values: Values) => void) {
    const dir = mkdtempSync(join(tmpdir(), 'broken-values-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'api.yaml');
    copyFileSync(prod.valuesFile, file);
    const values = parse(readFileSync(file, 'utf8'));
    edit(values);
    writeFileSync(file, stringify(values));
    const result = runHelm(helm!, ['lint', '--strict', prod.chartDir, '-f', file]);
    return { status: result.status, output: result.stdout + result.stderr };
  }

  it.each([
    ['a wrong type', (v: Values) => (v.autoscaling.minReplicas = 'three'), 'minReplicas'],
    ['an unknown key', (v: Values) => (v.autoscaling.minReplica = 3), 'minReplica'],
    ['the latest tag', (v: Values) => (v.image.tag = 'latest'), 'tag'],
    ['a missing table name', (v: Values) => delete v.aws.usersTable, 'usersTable'],
  ])('fails helm lint for %s', (_, edit, field) => {
    const { status, output } = lintBroken(edit);
    expect(status).not.toBe(0);
    expect(output).toContain(field);
  });

  it('fails the policies when a rendered object breaks them', () => {
    const manifests = render(prod);
    const deployment = manifests.find((m) => m.kind === 'Deployment')!;
    const pod = (
      deployment.spec as { template: { spec: { containers: Record<string, unknown>[]; securityContext: object } } }
    ).template.spec;
    delete pod.containers[0]!.readinessProbe;
    pod.securityContext = {};
    expect(releasePolicyViolations(manifests, 'prod')).toEqual(
      expect.arrayContaining([expect.stringContaining('readinessProbe'), expect.stringContaining('runAsNonRoot')]),
    );
  });
});

describe('the deploy layout', () => {
  it('keeps values files free of secrets', () => {
    for (const release of releases()) {
      expect(readFileSync(release.valuesFile, 'utf8'), release.valuesFile).not.toMatch(/apiKeys|tokenSecret/);
    }
  });

  it('names a layout the tag bump relies on: deploy/values/<env>/<app>.yaml with image.tag quoted', () => {
    for (const release of releases()) {
      expect(readFileSync(release.valuesFile, 'utf8')).toMatch(/^ {2}tag: '[0-9a-f]{40}'$/m);
    }
    expect(deployDir.endsWith('deploy')).toBe(true);
  });
});
