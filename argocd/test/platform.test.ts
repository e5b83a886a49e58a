// Each cluster's root Application and platform Applications: what the root syncs, the add-ons' pinned
// charts, Argo CD's own Application (Terraform's bootstrap reads it), and the projects that bound them.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Manifest } from '@platform/manifest-validation';
import { describe, expect, it } from 'vitest';
import { directorySourceFiles } from './directory-source.js';
import { clusters, generated, objects, objectsIn, projects, repoURL, sourcesOf, type Json } from './objects.js';
import { argocdFiles, isValuesFile, repoRoot } from './repository.js';

const CHART_REPOS: Record<string, string> = {
  'argo-cd': 'https://argoproj.github.io/argo-helm',
  'external-secrets': 'https://charts.external-secrets.io',
  reloader: 'https://stakater.github.io/stakater-charts',
};
const root = (cluster: string) => objectsIn(`bootstrap/root-${cluster}.yaml`)[0]!;
/** The Applications of a cluster's folder, as the root syncs them. */
const platformApps = (cluster: string) =>
  objects
    .filter((o) => o.file.startsWith(`clusters/${cluster}/`) && o.manifest.kind === 'Application')
    .map((o) => o.manifest);
const chartVersions = (cluster: string) =>
  Object.fromEntries(
    platformApps(cluster)
      .flatMap(sourcesOf)
      .filter((s) => s.chart)
      .map((s) => [s.chart, s.targetRevision]),
  );

describe('the root Application of each cluster', () => {
  it('is the only object its bootstrap file holds, in project platform', () => {
    expect(readdirSync(join(repoRoot, 'argocd', 'clusters')).sort()).toEqual(clusters);
    for (const cluster of clusters) {
      expect(objectsIn(`bootstrap/root-${cluster}.yaml`).map((m) => m.kind)).toEqual(['Application']);
      expect((root(cluster).spec as Json).project).toBe('platform');
    }
  });

  it.each(clusters)('syncs the projects and every object file of clusters/%s/, and nothing else', (cluster) => {
    const { path, directory } = (root(cluster).spec as Json).source;
    expect(path).toBe('argocd');
    const files = argocdFiles();
    const { synced, ambiguous } = directorySourceFiles(files, directory);
    expect(ambiguous, 'files whose fate depends on how Argo CD reads "*"').toEqual([]);
    const objectFiles = files.filter((f) => !isValuesFile(f) && !f.startsWith('bootstrap/root-'));
    const expected = objectFiles.filter(
      (f) =>
        f === 'bootstrap/platform-project.yaml' ||
        f.startsWith('projects/') ||
        (f.startsWith(`clusters/${cluster}/`) && !f.startsWith(`clusters/${cluster}/secret-stores/`)),
    );
    expect(synced.sort()).toEqual(expected.sort());
  });

  it('may sync only Argo CD objects, only in argocd, only from this repository', () => {
    expect(projects.get('platform')).toMatchObject({
      sourceRepos: [repoURL],
      destinations: [{ server: 'https://kubernetes.default.svc', namespace: 'argocd' }],
      clusterResourceWhitelist: [],
    });
    const kinds = (projects.get('platform')!.namespaceResourceWhitelist as Json[]).map((k) => `${k.group}/${k.kind}`);
    expect(kinds.sort()).toEqual(['argoproj.io/AppProject', 'argoproj.io/Application', 'argoproj.io/ApplicationSet']);
    for (const cluster of clusters) {
      const synced = directorySourceFiles(argocdFiles(), (root(cluster).spec as Json).source.directory).synced;
      for (const o of objects.filter((o) => synced.includes(o.file)))
        expect(kinds, `${o.file}: ${o.manifest.kind} is synced by the root`).toContain(
          `${o.manifest.apiVersion.split('/')[0]}/${o.manifest.kind}`,
        );
    }
  });
});

describe('the platform Applications of each cluster', () => {
  it.each(clusters)(
    '%s: Argo CD itself, External Secrets, Reloader and the secret stores, in project cluster-addons',
    (cluster) => {
      const names = platformApps(cluster).map((a) => a.metadata?.name);
      expect(names.sort()).toEqual(['argo-cd', 'external-secrets', 'reloader', 'secret-stores']);
      for (const app of platformApps(cluster))
        expect((app.spec as Json).project, app.metadata?.name).toBe('cluster-addons');
    },
  );

  it('pin every chart to an exact version from its own repository, the same on both clusters', () => {
    for (const cluster of clusters) {
      for (const source of platformApps(cluster)
        .flatMap(sourcesOf)
        .filter((s) => s.chart)) {
        expect(source.targetRevision, `clusters/${cluster}: chart ${source.chart}`).toMatch(/^\d+\.\d+\.\d+$/);
        expect(source.repoURL, `clusters/${cluster}: chart ${source.chart}`).toBe(CHART_REPOS[source.chart]);
      }
    }
    expect(Object.keys(chartVersions('dev')).sort()).toEqual(Object.keys(CHART_REPOS).sort());
    expect(chartVersions('prod')).toEqual(chartVersions('dev'));
  });

  it.each(clusters)(
    '%s: argo-cd.yaml is exactly Argo CD managing itself from the pinned chart and the two values files',
    (cluster) => {
      const inFile = objectsIn(`clusters/${cluster}/argo-cd.yaml`);
      expect(inFile.map((m) => `${m.kind}/${m.metadata?.name}`)).toEqual(['Application/argo-cd']);
      const spec = inFile[0]!.spec as Json;
      expect(spec.sources).toEqual([
        {
          repoURL: 'https://argoproj.github.io/argo-helm',
          chart: 'argo-cd',
          targetRevision: '10.9.6',
          helm: {
            releaseName: 'argocd',
            valueFiles: [
              '$values/argocd/platform/argo-cd-values.yaml',
              `$values/argocd/clusters/${cluster}/argo-cd-values.yaml`,
            ],
          },
        },
        { repoURL, targetRevision: 'main', ref: 'values' },
      ]);
      expect(spec.destination).toEqual({ server: 'https://kubernetes.default.svc', namespace: 'argocd' });
      for (const file of spec.sources[0].helm.valueFiles as string[])
        expect(
          argocdFiles().map((f) => `$values/argocd/${f}`),
          file,
        ).toContain(file);
    },
  );

  it.each(clusters)(
    '%s: External Secrets runs as external-secrets/external-secrets (Pod Identity) with its CRDs',
    (cluster) => {
      const eso = platformApps(cluster).find((a) => a.metadata?.name === 'external-secrets')!;
      const spec = eso.spec as Json;
      expect(spec.destination.namespace).toBe('external-secrets');
      expect(spec.source.helm.valuesObject).toMatchObject({
        installCRDs: true,
        serviceAccount: { create: true, name: 'external-secrets' },
      });
      expect(spec.syncPolicy.syncOptions).toContain('ServerSideApply=true');
    },
  );

  it.each(clusters)('%s: installs External Secrets before the stores, and both before the apps', (cluster) => {
    const wave = (m: Manifest) =>
      Number((m.metadata?.annotations as Record<string, string> | undefined)?.['argocd.argoproj.io/sync-wave'] ?? 0);
    const byName = (name: string) => platformApps(cluster).find((a) => a.metadata?.name === name)!;
    const appSet = objectsIn(`clusters/${cluster}/applicationset.yaml`)[0]!;
    expect(wave(byName('external-secrets'))).toBeLessThan(wave(byName('secret-stores')));
    expect(wave(byName('secret-stores'))).toBeLessThan(wave(appSet));
    const stores = byName('secret-stores').spec as Json;
    expect(stores.source).toEqual({
      repoURL,
      targetRevision: 'main',
      path: `argocd/clusters/${cluster}/secret-stores`,
    });
    expect(stores.syncPolicy.syncOptions).toContain('SkipDryRunOnMissingResource=true');
  });
});

describe('the cluster-addons project', () => {
  const addons = projects.get('cluster-addons')!;

  it("allows only the add-ons' chart repositories and this repository, and only their namespaces", () => {
    expect([...addons.sourceRepos].sort()).toEqual([...Object.values(CHART_REPOS), repoURL].sort());
    expect(addons.destinations.map((d: Json) => d.namespace).sort()).toEqual([
      'argocd',
      'external-secrets',
      'reloader',
    ]);
  });

  it("allows cluster-wide only what the add-ons install: namespaces, CRDs, controller RBAC, ESO's webhook, the stores", () => {
    expect(addons.clusterResourceWhitelist.map((k: Json) => k.kind).sort()).toEqual([
      'ClusterRole',
      'ClusterRoleBinding',
      'ClusterSecretStore',
      'CustomResourceDefinition',
      'Namespace',
      'ValidatingWebhookConfiguration',
    ]);
  });

  it("refuses Argo CD's own kinds, so no add-on can make a project or an Application", () => {
    expect(addons.namespaceResourceBlacklist.map((k: Json) => `${k.group}/${k.kind}`).sort()).toEqual([
      'argoproj.io/AppProject',
      'argoproj.io/Application',
      'argoproj.io/ApplicationSet',
    ]);
  });
});

describe('the emulation of a directory source', () => {
  it("would catch a root that syncs the values files or the stores' folder", () => {
    const { directory } = (root('dev').spec as Json).source;
    const withoutExclude = directorySourceFiles(argocdFiles(), { ...directory, exclude: undefined });
    expect(withoutExclude.synced).toContain('clusters/dev/argo-cd-values.yaml');
    expect([...withoutExclude.synced, ...withoutExclude.ambiguous]).toContain(
      'clusters/dev/secret-stores/cluster-secret-stores.yaml',
    );
  });
});

describe('Reloader and the apps it rolls', () => {
  const reloadedFrom = '.spec.template.metadata.annotations."reloader.stakater.com/last-reloaded-from"';

  it.each(clusters)('rolls pods by an annotation on %s, which self-heal would otherwise revert as drift', (cluster) => {
    const reloader = platformApps(cluster).find((app) => app.metadata?.name === 'reloader');
    expect(sourcesOf(reloader!)[0]?.helm?.valuesObject?.reloader?.reloadStrategy).toBe('annotations');
  });

  it('is ignored as drift, and kept by a sync, in every app the ApplicationSets generate', () => {
    for (const app of generated) {
      const spec = app.spec as Json;
      const ignored = (spec.ignoreDifferences ?? []).filter((rule: Json) => rule.kind === 'Deployment');
      expect(
        ignored.flatMap((rule: Json) => rule.jqPathExpressions),
        app.metadata?.name,
      ).toContain(reloadedFrom);
      expect(spec.syncPolicy.syncOptions, app.metadata?.name).toContain('RespectIgnoreDifferences=true');
    }
  });
});
