// What the ApplicationSet controller does to an existing Application when it reconciles, reduced to
// the fields the rollback procedure depends on — a stand-in, because no Argo CD can run on the build
// machines. The ApplicationSet in argocd/clusters/<cluster>/applicationset.yaml generates each
// Application from its template with applicationsSync create-update, ignoring only
// /spec/syncPolicy/automated/enabled (ignoreApplicationDifferences): so every other part of the sync
// policy is put back from the template, and the chart source follows chart.revision in git.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Environment } from '../../src/environments.ts';
import { readChartRevision } from '../../src/values/deployment-unit.ts';
import { templateSyncPolicy } from './argo-cd-objects.ts';
import type { KubeObject } from './kubernetes-api-stand-in.ts';

type Application = KubeObject & {
  spec: {
    sources: { targetRevision: string }[];
    syncPolicy: { automated?: { enabled?: boolean } & Record<string, unknown> } & Record<string, unknown>;
  };
};

/** The Application after the controller applied the template to it, with the values file of `repository`'s HEAD. */
export function reconcileFromApplicationSet(
  live: KubeObject,
  repository: string,
  environment: Environment,
  app: string,
): KubeObject {
  const application = structuredClone(live) as Application;
  const valuesFile = `deploy/values/${environment}/${app}.yaml`;
  const chartRevision = readChartRevision(readFileSync(join(repository, valuesFile), 'utf8'), valuesFile);
  const template = structuredClone(templateSyncPolicy(environment)) as Application['spec']['syncPolicy'];
  const liveEnabled = application.spec.syncPolicy.automated?.enabled;
  // The ignored pointer keeps its live value; everything else comes from the template.
  if (liveEnabled !== undefined && template.automated) template.automated.enabled = liveEnabled;
  application.spec.syncPolicy = template;
  application.spec.sources[0]!.targetRevision = chartRevision;
  return application;
}

/** The template's `automated`, to check a test against the real file rather than a copy of it. */
export const templateAutomated = (environment: Environment) =>
  (templateSyncPolicy(environment) as { automated: Record<string, unknown> }).automated;
