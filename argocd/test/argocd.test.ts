import { existsSync, readdirSync } from 'node:fs';
import { join, normalize } from 'node:path';
import { validateManifests, type Manifest } from '@platform/manifest-validation';
import { describe, expect, it } from 'vitest';
import { generateApplications } from './applicationset-emulator.js';
import {
  applications,
  applicationSets,
  generated,
  objects,
  projects,
  repoURL,
  sourcesOf,
  type Json,
} from './objects.js';
import { repoRoot } from './repository.js';

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

  it('take the apps and the root from this repository, on the main branch by name', () => {
    for (const app of applications.filter((a) => ['users', 'platform'].includes(project(a)))) {
      expect(sourcesOf(app), app.metadata?.name).toEqual([
        expect.objectContaining({ repoURL, targetRevision: 'main' }),
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
      expect(spec.syncPolicy?.automated, app.metadata?.name).toEqual({ prune: true, selfHeal: true });
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

  it('delete what an Application deployed with it, except Argo CD itself, which outlives its Application', () => {
    for (const app of applications) {
      const finalizers = app.metadata?.finalizers ?? [];
      if (app.metadata?.name === 'argo-cd') expect(finalizers, 'argo-cd').toEqual([]);
      else expect(finalizers, app.metadata?.name).toContain('resources-finalizer.argocd.argoproj.io');
    }
  });

  it('let a rollback from the UI stick: generated Applications ignore /spec/syncPolicy differences', () => {
    expect(applicationSets.length).toBeGreaterThan(0);
    for (const set of applicationSets) {
      expect((set.spec as Json).ignoreApplicationDifferences).toContainEqual({ jsonPointers: ['/spec/syncPolicy'] });
    }
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

  it('point every Application at a chart and values files that exist', () => {
    for (const app of generated) {
      const { path, helm } = (app.spec as Json).source;
      expect(existsSync(join(repoRoot, path, 'Chart.yaml')), path).toBe(true);
      for (const file of helm.valueFiles) expect(existsSync(normalize(join(repoRoot, path, file))), file).toBe(true);
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
});
