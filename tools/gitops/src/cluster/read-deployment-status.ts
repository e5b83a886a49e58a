import { applicationName, type Environment, namespaceOf } from '../environments.ts';
import { type ArgoApplication, type ClusterReader, revisionsOf } from './argo-cd.ts';
import { type SyncPolicyDrift, syncPolicyDrift } from './sync-policy-drift.ts';

export interface DeploymentTarget {
  readonly app: string;
  readonly environment: Environment;
  /** image.tag in the values file ('' when empty, undefined when the app has no values file there). */
  readonly gitTag: string | undefined;
  /** chart.revision in the values file. */
  readonly gitChartRevision: string | undefined;
  /** spec.template.spec.syncPolicy of the ApplicationSet in git, when known. */
  readonly templateSyncPolicy?: unknown;
}

export interface DeploymentStatus extends Omit<DeploymentTarget, 'templateSyncPolicy'> {
  readonly application: string;
  /** False when this cluster has no such Application (other cluster, or not deployed). */
  readonly found: boolean;
  readonly sync?: string;
  readonly health?: string;
  readonly operation?: string;
  /** The commit of this repository whose values Argo CD last compared/synced (the last source's). */
  readonly syncedRevision?: string;
  /** The first container's image of the app's Deployment (or CronJob). */
  readonly liveImage?: string;
  readonly liveTag?: string;
  /** True when the live image's tag is the tag in git. */
  readonly liveMatchesGit: boolean;
  /**
   * The chart revision the Application renders: that of its last sync (which a UI rollback sets), else
   * its spec's chart source (spec.sources[0].targetRevision).
   */
  readonly liveChartRevision?: string;
  readonly liveChartMatchesGit: boolean;
  /** The Application's sync policy against the template in git (undefined when either is unknown). */
  readonly syncPolicy?: SyncPolicyDrift;
}

function chartRevisionOf(application: ArgoApplication): string | undefined {
  const synced = application.status?.operationState?.syncResult?.revisions?.[0];
  return synced ?? application.spec?.sources?.[0]?.targetRevision ?? application.spec?.source?.targetRevision;
}

/** Reads each app × environment from the cluster: its Application's state and its workload's image. */
export async function readDeploymentStatus(
  cluster: ClusterReader,
  argocdNamespace: string,
  targets: readonly DeploymentTarget[],
): Promise<DeploymentStatus[]> {
  return Promise.all(
    targets.map(async ({ templateSyncPolicy, ...target }): Promise<DeploymentStatus> => {
      const application = applicationName(target.app, target.environment);
      const found = await cluster.getApplication(argocdNamespace, application);
      // No Application here means another cluster: its namespace may not exist (or be readable) here.
      const liveImage = found ? await cluster.getWorkloadImage(namespaceOf(target.environment), target.app) : undefined;
      const liveTag = liveImage?.includes(':') ? liveImage.slice(liveImage.lastIndexOf(':') + 1) : undefined;
      const { sync, health, operationState } = found?.status ?? {};
      const liveChartRevision = found ? chartRevisionOf(found) : undefined;
      return {
        ...target,
        application,
        found: found !== undefined,
        sync: sync?.status,
        health: health?.status,
        operation: operationState?.phase,
        syncedRevision: revisionsOf(sync).at(-1),
        liveImage,
        liveTag,
        liveMatchesGit: liveTag !== undefined && liveTag === target.gitTag,
        liveChartRevision,
        liveChartMatchesGit: liveChartRevision !== undefined && liveChartRevision === target.gitChartRevision,
        syncPolicy:
          found && templateSyncPolicy !== undefined
            ? syncPolicyDrift(found.spec?.syncPolicy, templateSyncPolicy)
            : undefined,
      };
    }),
  );
}
