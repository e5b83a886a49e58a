import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, normalize } from 'node:path';
import { validateManifests, type Manifest } from '@platform/manifest-validation';
import { describe, expect, it } from 'vitest';
import { generateApplications } from './applicationset-emulator.js';
import { argocdObjects, repoRoot } from './repository.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const objects = argocdObjects();
const ofKind = (kind: string) => objects.filter((o) => o.manifest.kind === kind).map((o) => o.manifest);
const applicationSets = ofKind('ApplicationSet');
const generated = applicationSets.flatMap(generateApplications);
const applications = [...ofKind('Application'), ...generated];
const projects = new Map(ofKind('AppProject').map((p) => [p.metadata?.name, p.spec as Json]));
const repoURL = (projects.get('users')?.sourceRepos as string[])[0];

/** deploy/values/<env>/<app>.yaml: what must be deployed somewhere. */
const valuesFiles = readdirSync(join(repoRoot, 'deploy', 'values')).flatMap((env) =>
  readdirSync(join(repoRoot, 'deploy', 'values', env)).map((file) => ({ env, app: file.replace(/\.yaml$/, '') })),
);

describe('the Argo CD objects', () => {
  it('are valid against the Argo CD schemas, with no unknown field, and so are the Applications generated', async () => {
    expect(objects.length).toBeGreaterThanOrEqual(6);
    expect(await validateManifests([...objects.map((o) => o.manifest), ...generated])).toEqual([]);
  });

  it('take their source only from this repository, on the main branch by name', () => {
    for (const app of applications) {
      const source = (app.spec as Json).source;
      expect(source.repoURL, app.metadata?.name).toBe(repoURL);
      expect(source.targetRevision, app.metadata?.name).toBe('main');
    }
    for (const set of applicationSets) {
      for (const generator of (set.spec as Json).generators)
        expect(generator.git).toMatchObject({ repoURL, revision: 'main' });
    }
  });

  it('sync every Application automatically, pruning and self-healing, with retries and a history', () => {
    for (const app of applications) {
      const spec = app.spec as Json;
      expect(spec.syncPolicy?.automated, app.metadata?.name).toEqual({ prune: true, selfHeal: true });
      expect(spec.syncPolicy?.retry?.limit, app.metadata?.name).toBeGreaterThan(0);
      expect(spec.revisionHistoryLimit, app.metadata?.name).toBeGreaterThan(0);
      expect(app.metadata?.finalizers, app.metadata?.name).toContain('resources-finalizer.argocd.argoproj.io');
      expect(Object.keys(app.metadata?.annotations ?? {}), app.metadata?.name).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^notifications\.argoproj\.io\/subscribe\.on-sync-failed\./),
          expect.stringMatching(/^notifications\.argoproj\.io\/subscribe\.on-health-degraded\./),
        ]),
      );
      expect(spec.project, app.metadata?.name).not.toBe('default');
    }
  });

  it('let a rollback from the UI stick: generated Applications ignore /spec/syncPolicy differences', () => {
    expect(applicationSets.length).toBeGreaterThan(0);
    for (const set of applicationSets) {
      expect((set.spec as Json).ignoreApplicationDifferences).toContainEqual({ jsonPointers: ['/spec/syncPolicy'] });
    }
  });

  it('deploy every values file exactly once, as <app>-<env> in users-<env>', () => {
    const deployed = generated.map((app) => app.metadata?.name).sort();
    expect(deployed).toEqual(valuesFiles.map(({ app, env }) => `${app}-${env}`).sort());
    for (const app of generated) {
      const env = app.metadata?.name?.split('-').at(-1);
      expect((app.spec as Json).destination.namespace).toBe(`users-${env}`);
      expect((app.spec as Json).syncPolicy.syncOptions).toContain('CreateNamespace=true');
    }
  });

  it('point every Application at a chart and values files that exist', () => {
    for (const app of generated) {
      const { path, helm } = (app.spec as Json).source;
      expect(existsSync(join(repoRoot, path, 'Chart.yaml')), path).toBe(true);
      for (const file of helm.valueFiles) expect(existsSync(normalize(join(repoRoot, path, file))), file).toBe(true);
    }
  });

  it('deploy only where their project allows', () => {
    for (const app of applications) {
      const spec = app.spec as Json;
      const project = projects.get(spec.project);
      expect(project, `${app.metadata?.name} uses project ${spec.project}`).toBeDefined();
      expect(project!.sourceRepos).toContain(spec.source.repoURL);
      expect(project!.destinations).toContainEqual(spec.destination);
    }
  });

  it('whitelist every kind the charts render, and no cluster-scoped kind but Namespace', () => {
    const whitelisted = (projects.get('users')!.namespaceResourceWhitelist as Json[]).map((k) => k.kind);
    const chartsDir = join(repoRoot, 'deploy', 'charts');
    for (const chart of readdirSync(chartsDir)) {
      const templates = join(chartsDir, chart, 'templates');
      for (const file of readdirSync(templates).filter((f) => f.endsWith('.yaml'))) {
        const kind = /^kind: (\w+)$/m.exec(readFileSync(join(templates, file), 'utf8'))?.[1];
        if (kind) expect(whitelisted, `${chart}/${file}`).toContain(kind);
      }
    }
    expect(projects.get('users')!.clusterResourceWhitelist).toEqual([{ group: '', kind: 'Namespace' }]);
  });

  it('bootstrap each cluster with one root Application that syncs the projects and its own ApplicationSet', () => {
    const clusters = readdirSync(join(repoRoot, 'argocd', 'clusters'));
    expect(clusters.sort()).toEqual(['dev', 'prod']);
    for (const cluster of clusters) {
      const root = objects.find((o) => o.file === `bootstrap/root-${cluster}.yaml`)?.manifest as Manifest;
      expect(root?.kind).toBe('Application');
      const include: string = (root.spec as Json).source.directory.include;
      expect(include).toContain(`clusters/${cluster}/*.yaml`);
      expect(include).toContain('projects/*.yaml');
      expect(include).not.toMatch(new RegExp(`clusters/(?!${cluster}/)`));
    }
  });
});

describe('the ApplicationSet emulator', () => {
  it('refuses a template expression it does not know, rather than guessing', () => {
    const set = structuredClone(applicationSets[0]!) as Json;
    set.spec.template.metadata.name = '{{ .path.segments }}';
    expect(() => generateApplications(set as Manifest)).toThrow(/does not know/);
  });
});
