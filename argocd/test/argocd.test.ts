import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { validateManifests, type Manifest } from '@platform/manifest-validation';
import { describe, expect, it } from 'vitest';
import { generateApplications } from './applicationset-emulator.js';
import { chartSourceOf, existsAt } from './chart-source.js';
import {
  applications,
  applicationSets,
  generated,
  objects,
  ofKind,
  projects,
  repoURL,
  sourcesOf,
  type Json,
} from './objects.js';
import { readYaml, repoRoot } from './repository.js';

/** deploy/values/<env>/<app>.yaml: what must be deployed somewhere. */
const valuesFiles = readdirSync(join(repoRoot, 'deploy', 'values')).flatMap((env) =>
  readdirSync(join(repoRoot, 'deploy', 'values', env)).map((file) => ({ env, app: file.replace(/\.yaml$/, '') })),
);
const project = (app: Manifest) => (app.spec as Json).project as string;
const PSS = {
  'pod-security.kubernetes.io/enforce': 'restricted',
  'pod-security.kubernetes.io/audit': 'restricted',
  'pod-security.kubernetes.io/warn': 'restricted',
};

describe('the Argo CD objects', () => {
  it('are valid against their schemas (Argo CD, External Secrets), with no unknown field, and so are the Applications generated', async () => {
    expect(objects.length).toBeGreaterThanOrEqual(20);
    expect(await validateManifests([...objects.map((o) => o.manifest), ...generated])).toEqual([]);
  });

  it("take the root from this repository on main, and each app's chart at its pinned revision with its values from main", () => {
    for (const app of applications.filter((a) => project(a) === 'platform')) {
      expect(sourcesOf(app), app.metadata?.name).toEqual([
        expect.objectContaining({ repoURL, targetRevision: 'main' }),
      ]);
    }
    expect(generated.length).toBeGreaterThan(0);
    for (const app of generated) {
      const labels = app.metadata!.labels as Record<string, string>;
      const [appName, env] = [labels['platform.example.com/app']!, labels['platform.example.com/env']!];
      const valuesFile = `deploy/values/${env}/${appName}.yaml`;
      const pinned = (readYaml(valuesFile) as Json).chart?.revision;
      expect(pinned, `${valuesFile}: chart.revision`).toMatch(/^[0-9a-f]{40}$/);
      expect(sourcesOf(app), app.metadata?.name).toEqual([
        {
          repoURL,
          targetRevision: pinned,
          path: `deploy/charts/${appName}`,
          helm: { releaseName: appName, valueFiles: [`$values/${valuesFile}`] },
        },
        { repoURL, targetRevision: 'main', ref: 'values' },
      ]);
    }
    for (const set of applicationSets) {
      for (const generator of (set.spec as Json).generators)
        expect(generator.git).toMatchObject({ repoURL, revision: 'main' });
    }
  });

  it('sync every Application automatically, pruning and self-healing, with retries and a history', () => {
    for (const app of applications) {
      const spec = app.spec as Json;
      expect(spec.syncPolicy?.automated, app.metadata?.name).toMatchObject({ prune: true, selfHeal: true });
      expect(spec.syncPolicy.automated.enabled ?? true, app.metadata?.name).toBe(true);
      expect(spec.syncPolicy?.retry?.limit, app.metadata?.name).toBeGreaterThan(0);
      expect(spec.revisionHistoryLimit, app.metadata?.name).toBeGreaterThan(0);
      expect(Object.keys(app.metadata?.annotations ?? {}), app.metadata?.name).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^notifications\.argoproj\.io\/subscribe\.on-sync-failed\./),
          expect.stringMatching(/^notifications\.argoproj\.io\/subscribe\.on-health-degraded\./),
        ]),
      );
      expect(spec.project, app.metadata?.name).not.toBe('default');
    }
  });

  it("delete what a platform Application deployed with it (except Argo CD itself); an app's workload outlives its Application", () => {
    for (const app of ofKind('Application')) {
      const finalizers = app.metadata?.finalizers ?? [];
      if (app.metadata?.name === 'argo-cd') expect(finalizers, 'argo-cd').toEqual([]);
      else expect(finalizers, app.metadata?.name).toContain('resources-finalizer.argocd.argoproj.io');
    }
    for (const set of applicationSets)
      expect((set.spec as Json).syncPolicy, set.metadata?.name).toEqual({
        applicationsSync: 'create-update',
        preserveResourcesOnDeletion: true,
      });
    for (const app of generated) expect(app.metadata?.finalizers ?? [], app.metadata?.name).toEqual([]);
  });

  it('let a rollback from the UI stick, and nothing else: the ApplicationSets ignore only automated.enabled', () => {
    expect(applicationSets.length).toBeGreaterThan(0);
    for (const set of applicationSets) {
      expect((set.spec as Json).ignoreApplicationDifferences).toEqual([
        { jsonPointers: ['/spec/syncPolicy/automated/enabled'] },
      ]);
    }
    for (const app of generated)
      expect((app.spec as Json).syncPolicy.automated, app.metadata?.name).toEqual({
        enabled: true,
        prune: true,
        selfHeal: true,
      });
  });

  it('are never pruned or deleted by the root: every Application and ApplicationSet it syncs says Prune=false,Delete=false', () => {
    for (const o of objects.filter(
      (o) => o.file.startsWith('clusters/') && /^Application(Set)?$/.test(o.manifest.kind),
    ))
      expect(
        (o.manifest.metadata?.annotations as Record<string, string>)['argocd.argoproj.io/sync-options'],
        o.file,
      ).toBe('Prune=false,Delete=false');
  });

  it('deploy every values file exactly once, as <app>-<env> in users-<env>, a namespace enforcing Pod Security "restricted"', () => {
    const deployed = generated.map((app) => app.metadata?.name).sort();
    expect(deployed).toEqual(valuesFiles.map(({ app, env }) => `${app}-${env}`).sort());
    for (const app of generated) {
      const env = app.metadata?.name?.split('-').at(-1);
      const { destination, syncPolicy } = app.spec as Json;
      expect(destination.namespace).toBe(`users-${env}`);
      expect(syncPolicy.syncOptions).toContain('CreateNamespace=true');
      expect(syncPolicy.managedNamespaceMetadata?.labels, app.metadata?.name).toEqual(PSS);
    }
  });

  it('create the add-ons\' namespaces enforcing Pod Security "restricted" too', () => {
    for (const app of applications.filter((a) =>
      (a.spec as Json).syncPolicy?.syncOptions?.includes('CreateNamespace=true'),
    ))
      expect((app.spec as Json).syncPolicy.managedNamespaceMetadata?.labels, app.metadata?.name).toEqual(PSS);
  });

  it('point every Application at a chart that exists at its pinned revision and values files that exist on main', () => {
    for (const app of generated) {
      const { path, revision, valueFiles } = chartSourceOf(app);
      expect(existsAt(revision, `${path}/Chart.yaml`), `${app.metadata?.name}: ${path}@${revision}`).toBe(true);
      for (const file of valueFiles) expect(existsSync(join(repoRoot, file)), file).toBe(true);
    }
  });

  it('deploy only where their project allows, from sources it allows', () => {
    for (const app of applications) {
      const spec = app.spec as Json;
      const allowed = projects.get(spec.project);
      expect(allowed, `${app.metadata?.name} uses project ${spec.project}`).toBeDefined();
      for (const source of sourcesOf(app)) expect(allowed!.sourceRepos, app.metadata?.name).toContain(source.repoURL);
      expect(allowed!.destinations, app.metadata?.name).toContainEqual(spec.destination);
    }
  });
});

describe('the ApplicationSet emulator', () => {
  it('refuses a template expression it does not know, rather than guessing', () => {
    const set = structuredClone(applicationSets[0]!) as Json;
    set.spec.template.metadata.name = '{{ .path.segments }}';
    expect(() => generateApplications(set as Manifest)).toThrow(/does not know/);
  });

  it('fails, as missingkey=error does, on a key a values file lacks', () => {
    const set = structuredClone(applicationSets[0]!) as Json;
    set.spec.template.spec.sources[0].targetRevision = '{{ .chart.revisoin }}';
    expect(() => generateApplications(set as Manifest)).toThrow(
      /missingkey=error: deploy\/values\/\w+\/[\w-]+\.yaml has no key chart\.revisoin/,
    );
  });
});
