import {
  ApiException,
  AppsV1Api,
  BatchV1Api,
  CustomObjectsApi,
  type KubeConfig,
  type V1Container,
  Watch,
} from '@kubernetes/client-node';
import { ClusterAccessError } from '../errors.ts';
import type { ArgoApplication, ClusterReader, WatchEvent } from './argo-cd.ts';
import { EventQueue } from './event-queue.ts';

const argo = { group: 'argoproj.io', version: 'v1alpha1', plural: 'applications' } as const;

/** Reads Argo CD Applications and workloads through @kubernetes/client-node. */
export class KubernetesClusterReader implements ClusterReader {
  private readonly customObjects: CustomObjectsApi;
  private readonly apps: AppsV1Api;
  private readonly batch: BatchV1Api;
  private readonly watcher: Watch;
  readonly description: string;

  constructor(kubeConfig: KubeConfig) {
    this.customObjects = kubeConfig.makeApiClient(CustomObjectsApi);
    this.apps = kubeConfig.makeApiClient(AppsV1Api);
    this.batch = kubeConfig.makeApiClient(BatchV1Api);
    this.watcher = new Watch(kubeConfig);
    this.description = `${kubeConfig.getCurrentContext()} (${kubeConfig.getCurrentCluster()?.server ?? 'no server'})`;
  }

  async getApplication(namespace: string, name: string): Promise<ArgoApplication | undefined> {
    return this.orUndefinedWhenMissing(
      () => this.customObjects.getNamespacedCustomObject({ ...argo, namespace, name }) as Promise<ArgoApplication>,
      `Application ${namespace}/${name}`,
    );
  }

  async *watchApplication(
    namespace: string,
    name: string,
    resourceVersion: string,
    signal: AbortSignal,
  ): AsyncGenerator<WatchEvent> {
    const queue = new EventQueue<WatchEvent>();
    const path = `/apis/${argo.group}/${argo.version}/namespaces/${namespace}/${argo.plural}`;
    const controller = await this.watcher.watch(
      path,
      { fieldSelector: `metadata.name=${name}`, resourceVersion, allowWatchBookmarks: true },
      (type: string, object: unknown) =>
        queue.push(
          type === 'ERROR'
            ? { type: 'ERROR', status: object as { code?: number } }
            : { type: type as 'ADDED', object: object as ArgoApplication },
        ),
      (error: unknown) => queue.end(this.watchFailure(error, path)),
    );
    const abort = () => controller.abort();
    signal.addEventListener('abort', abort, { once: true });
    try {
      yield* queue;
    } finally {
      signal.removeEventListener('abort', abort);
      controller.abort();
    }
  }

  async getWorkloadImage(namespace: string, name: string): Promise<string | undefined> {
    const deployment = await this.orUndefinedWhenMissing(
      () => this.apps.readNamespacedDeployment({ namespace, name }),
      `Deployment ${namespace}/${name}`,
    );
    if (deployment) return firstImage(deployment.spec?.template.spec?.containers);
    const cronJob = await this.orUndefinedWhenMissing(
      () => this.batch.readNamespacedCronJob({ namespace, name }),
      `CronJob ${namespace}/${name}`,
    );
    return firstImage(cronJob?.spec?.jobTemplate.spec?.template.spec?.containers);
  }

  private async orUndefinedWhenMissing<T>(read: () => Promise<T>, what: string): Promise<T | undefined> {
    try {
      return await read();
    } catch (error) {
      if (error instanceof ApiException && error.code === 404) return undefined;
      throw this.accessError(error, what);
    }
  }

  /**
   * A watch the server ends cleanly ends the iteration; any other end is an error the caller decides
   * on: refused credentials stop it, a cut connection (transient) is resumed.
   */
  private watchFailure(error: unknown, path: string): unknown {
    if (error === null || error === undefined) return undefined;
    if ((error as Error).name === 'AbortError') return undefined;
    return this.accessError(error, `the watch of ${path}`);
  }

  private accessError(error: unknown, what: string): ClusterAccessError {
    const status = error instanceof ApiException ? error.code : (error as { statusCode?: number }).statusCode;
    if (status === 401 || status === 403) {
      return new ClusterAccessError(
        `The cluster ${this.description} refused to let you read ${what} (HTTP ${status}): check your credentials and RBAC.`,
        false,
        { cause: error },
      );
    }
    const reason = causeChain(error);
    return new ClusterAccessError(
      `Could not read ${what} from the cluster ${this.description}${status ? ` (HTTP ${status})` : ''}: ${reason}`,
      true,
      { cause: error },
    );
  }
}

function firstImage(containers: readonly V1Container[] | undefined): string | undefined {
  return containers?.[0]?.image;
}

function causeChain(error: unknown): string {
  const parts: string[] = [];
  for (let current = error; current instanceof Error && parts.length < 4; current = current.cause) {
    const code = (current as { code?: unknown }).code;
    parts.push(typeof code === 'string' ? `${current.message} (${code})` : (current.message.split('\n')[0] ?? ''));
  }
  return parts.join(': ') || String(error);
}
