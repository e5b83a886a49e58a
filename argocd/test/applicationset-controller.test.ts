// What the ApplicationSet controller does to live Applications, through the emulator's reconcile (a
// stand-in for the controller, see applicationset-emulator.ts) with the controller settings the
// argo-cd values give each cluster: a rollback from the UI sticks while the rest of the sync policy
// comes back from git, template edits reach existing Applications, and no change of the generator's
// output or deletion of an ApplicationSet removes a running workload.
import type { Manifest } from '@platform/manifest-validation';
import { describe, expect, it } from 'vitest';
import {
  deletesResources,
  effectivePolicy,
  generateApplications,
  reconcile,
  type ControllerSettings,
} from './applicationset-emulator.js';
import { mergeValues, valuesFilesOf } from './argo-cd-values.js';
import { clusters, objectsIn, type Json } from './objects.js';

const settingsOf = (cluster: string): ControllerSettings => {
  const params = mergeValues(...valuesFilesOf(objectsIn(`clusters/${cluster}/argo-cd.yaml`)[0]!).map((f) => f.values))
    .configs?.params;
  return {
    policy: params?.['applicationsetcontroller.policy'],
    policyOverride: String(params?.['applicationsetcontroller.enable.policy.override']) === 'true',
  };
};
const named = (apps: Manifest[], name: string) => apps.find((a) => a.metadata?.name === name)!;
const syncPolicy = (app: Manifest) => (app.spec as Json).syncPolicy as Json;

describe.each(clusters)('the ApplicationSet controller on the %s cluster', (cluster) => {
  const set = objectsIn(`clusters/${cluster}/applicationset.yaml`)[0]!;
  const settings = settingsOf(cluster);
  const generated = generateApplications(set);
  const app = generated.find((a) => a.metadata?.name?.startsWith('api-'))!;
  const appName = app.metadata!.name!;

  it('may only create and update Applications, by the controller-wide policy the argo-cd values set', () => {
    expect(settings).toEqual({ policy: 'create-update', policyOverride: false });
    expect(effectivePolicy(set, settings)).toBe('create-update');
    // The ApplicationSet asks for the same, should per-ApplicationSet overrides ever be switched on.
    expect(effectivePolicy(set, { ...settings, policyOverride: true })).toBe('create-update');
  });

  describe('after a rollback from the UI (auto-sync switched off, an older revision deployed)', () => {
    const rolledBack = structuredClone(app) as Json;
    rolledBack.spec.syncPolicy.automated = { enabled: false, prune: false, selfHeal: false };
    rolledBack.spec.sources[0].targetRevision = '0'.repeat(40);

    it('keeps auto-sync off, and puts back prune, selfHeal and the chart revision from git', () => {
      const after = named(reconcile(set, generated, [rolledBack as Manifest], settings).applications, appName);
      expect(syncPolicy(after).automated).toEqual({ enabled: false, prune: true, selfHeal: true });
      expect(syncPolicy(after)).toEqual({
        ...syncPolicy(app),
        automated: { enabled: false, prune: true, selfHeal: true },
      });
      expect((after.spec as Json).sources).toEqual((app.spec as Json).sources);
    });

    it('restores the whole sync policy from git once someone switches auto-sync on again', () => {
      const reEnabled = structuredClone(rolledBack);
      reEnabled.spec.syncPolicy.automated.enabled = true;
      const after = named(reconcile(set, generated, [reEnabled as Manifest], settings).applications, appName);
      expect(syncPolicy(after)).toEqual(syncPolicy(app));
    });

    it('would lose prune and selfHeal for good under the former rule that ignored all of /spec/syncPolicy', () => {
      const former = structuredClone(set) as Json;
      former.spec.ignoreApplicationDifferences = [{ jsonPointers: ['/spec/syncPolicy'] }];
      const after = named(
        reconcile(former as Manifest, generated, [rolledBack as Manifest], settings).applications,
        appName,
      );
      expect(syncPolicy(after).automated).toEqual({ enabled: false, prune: false, selfHeal: false });
    });
  });

  it('brings an edit of syncOptions or retry in the template to the existing Applications', () => {
    const edited = structuredClone(set) as Json;
    edited.spec.template.spec.syncPolicy.retry.limit = 7;
    edited.spec.template.spec.syncPolicy.syncOptions.push('FailOnSharedResource=true');
    const after = reconcile(edited as Manifest, generateApplications(edited as Manifest), generated, settings);
    for (const updated of after.applications) {
      expect(syncPolicy(updated).retry.limit, updated.metadata?.name).toBe(7);
      expect(syncPolicy(updated).syncOptions, updated.metadata?.name).toContain('FailOnSharedResource=true');
    }
  });

  describe(`when ${appName}'s values file disappears from the generator's output`, () => {
    const withoutIt = generated.filter((a) => a.metadata?.name !== appName);

    it('keeps the Application, and with it the running workload', () => {
      const after = reconcile(set, withoutIt, generated, settings);
      expect(after.deleted).toEqual([]);
      expect(after.applications.map((a) => a.metadata?.name)).toContain(appName);
    });

    it('would delete it under the default policy (sync), and even then leave its resources (no resources finalizer)', () => {
      const after = reconcile(set, withoutIt, generated, {});
      expect(after.deleted).toEqual([appName]);
      expect(deletesResources(app)).toBe(false);
    });
  });

  it('leaves every workload running when the ApplicationSet itself is deleted (its Applications go, their resources stay)', () => {
    expect(generated.filter(deletesResources).map((a) => a.metadata?.name)).toEqual([]);
    const withoutPreserve = structuredClone(set) as Json;
    delete withoutPreserve.spec.syncPolicy.preserveResourcesOnDeletion;
    expect(generateApplications(withoutPreserve as Manifest).every(deletesResources)).toBe(true);
  });
});
