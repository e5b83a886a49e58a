/** The parts of an Argo CD Application (argoproj.io/v1alpha1) the CLI reads. */
export interface ArgoApplication {
  readonly metadata: { readonly name?: string; readonly resourceVersion?: string };
  readonly spec?: {
    /** Multi-source: [0] the chart at the pinned chart.revision, [1] the values (`ref: values`, main). */
    readonly sources?: readonly { readonly targetRevision?: string; readonly ref?: string }[];
    readonly source?: { readonly targetRevision?: string };
    readonly syncPolicy?: unknown;
  };
  readonly status?: {
    /** `revision` for a single source; `revisions` (one per source, in order) for several. */
    readonly sync?: { readonly status?: string; readonly revision?: string; readonly revisions?: readonly string[] };
    readonly health?: { readonly status?: string; readonly message?: string };
    readonly operationState?: {
      readonly phase?: string;
      readonly message?: string;
      readonly operation?: {
        readonly sync?: { readonly revision?: string; readonly revisions?: readonly string[] };
      };
      readonly syncResult?: { readonly revision?: string; readonly revisions?: readonly string[] };
    };
    /** Past syncs, oldest first. */
    readonly history?: readonly { readonly revision?: string; readonly revisions?: readonly string[] }[];
  };
}

/** Every revision a sync status, operation or result names (one, or one per source). */
export const revisionsOf = (
  holder: { readonly revision?: string; readonly revisions?: readonly string[] } | undefined,
) => [holder?.revision, ...(holder?.revisions ?? [])].filter((r): r is string => typeof r === 'string' && r !== '');

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
