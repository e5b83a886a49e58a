/** The parts of an Argo CD Application (argoproj.io/v1alpha1) the CLI reads. */
export interface ArgoApplication {
  readonly metadata: { readonly name?: string; readonly resourceVersion?: string };
  readonly status?: {
    readonly sync?: { readonly status?: string; readonly revision?: string };
    readonly health?: { readonly status?: string; readonly message?: string };
    readonly operationState?: {
      readonly phase?: string;
      readonly message?: string;
      readonly operation?: { readonly sync?: { readonly revision?: string } };
      readonly syncResult?: { readonly revision?: string };
    };
  };
}

/** One line of a Kubernetes watch stream. */
export type WatchEvent =
  | { readonly type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK'; readonly object: ArgoApplication }
  | {
      readonly type: 'ERROR';
      readonly status: { readonly code?: number; readonly reason?: string; readonly message?: string };
    };

/** What the CLI reads from a cluster: Argo CD Applications and the workloads they deploy. */
export interface ClusterReader {
  /** The cluster, for messages (e.g. the API server's URL). */
  readonly description: string;
  /** The Application, or undefined when there is none. */
  getApplication(namespace: string, name: string): Promise<ArgoApplication | undefined>;
  /**
   * The watch events of one Application from a resource version on; the iteration ends when the
   * connection ends (the caller resumes from the last version it saw).
   */
  watchApplication(
    namespace: string,
    name: string,
    resourceVersion: string,
    signal: AbortSignal,
  ): AsyncIterable<WatchEvent>;
  /** The image of the first container of Deployment `name` (or, when there is none, CronJob `name`). */
  getWorkloadImage(namespace: string, name: string): Promise<string | undefined>;
}
