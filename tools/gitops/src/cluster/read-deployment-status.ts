import { applicationName, type Environment, namespaceOf } from '../environments.ts';
import type { ClusterReader } from './argo-cd.ts';

export interface DeploymentTarget {
  readonly app: string;
  readonly environment: Environment;
  /** image.tag in the values file ('' when empty, undefined when the app has no values file there). */
  readonly gitTag: string | undefined;
}

export interface DeploymentStatus extends DeploymentTarget {
  readonly application: string;
  /** False when this cluster has no such Application (other cluster, or not deployed). */
  readonly found: boolean;
  readonly sync?: string;
  readonly health?: string;
  readonly operation?: string;
  /** The commit of this repository Argo CD last compared/synced. */
  readonly syncedRevision?: string;
  /** The first container's image of the app's Deployment (or CronJob). */
  readonly liveImage?: string;
  readonly liveTag?: string;
  /** True when the live image's tag is the tag in git. */
  readonly liveMatchesGit: boolean;
}

/** Reads each app × environment from the cluster: its Application's state and its workload's image. */
export async function readDeploymentStatus(
  cluster: ClusterReader,
  argocdNamespace: string,
  targets: readonly DeploymentTarget[],
): Promise<DeploymentStatus[]> {
  return Promise.all(
    targets.map(async (target): Promise<DeploymentStatus> => {
      const application = applicationName(target.app, target.environment);
      const found = await cluster.getApplication(argocdNamespace, application);
      // No Application here means another cluster: its namespace may not exist (or be readable) here.
      const liveImage = found ? await cluster.getWorkloadImage(namespaceOf(target.environment), target.app) : undefined;
      const liveTag = liveImage?.includes(':') ? liveImage.slice(liveImage.lastIndexOf(':') + 1) : undefined;
      const { sync, health, operationState } = found?.status ?? {};
      return {
        ...target,
        application,
        found: found !== undefined,
        sync: sync?.status,
        health: health?.status,
        operation: operationState?.phase,
        syncedRevision: sync?.revision,
        liveImage,
        liveTag,
        liveMatchesGit: liveTag !== undefined && liveTag === target.gitTag,
      };
    }),
  );
}
