import { ApplicationNotFoundError, ClusterAccessError, DeploymentFailedError, WaitTimeoutError } from '../errors.ts';
import { type ArgoApplication, type ClusterReader, revisionsOf } from './argo-cd.ts';
import { describeApplication } from './describe-application.ts';

export interface WaitOptions {
  readonly cluster: ClusterReader;
  readonly namespace: string;
  readonly name: string;
  readonly revision: string;
  /** True when the synced revision includes the awaited one (is it, or a descendant of it). */
  readonly includesRevision: (synced: string) => Promise<boolean>;
  readonly timeoutMs: number;
  /**
   * How long Degraded at the awaited revision is taken for a rollout still settling (a new HPA reports
   * FailedGetResourceMetric until metrics-server has scraped the new pods once), counted from the first
   * time it is seen. 0 fails at once.
   */
  readonly degradedGraceMs: number;
  /** Pause before resuming a watch whose connection was cut. */
  readonly reconnectDelayMs: number;
  readonly onState: (line: string) => void;
}

type Verdict = 'done' | 'waiting';

/** Degraded is tolerated from the first time it is seen until the grace is over. */
class DegradedGrace {
  private since: number | undefined;
  private expired = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly wake: () => void;
  private readonly graceMs: number;

  constructor(graceMs: number, wake: () => void) {
    this.graceMs = graceMs;
    this.wake = wake;
  }

  /** True while Degraded may still be a rollout settling; starts the grace at the first call. */
  tolerates(): boolean {
    const now = Date.now();
    this.since ??= now;
    if (this.expired || now - this.since >= this.graceMs) return false;
    this.timer ??= setTimeout(
      () => {
        this.expired = true;
        this.wake();
      },
      this.since + this.graceMs - now,
    );
    return true;
  }

  stop(): void {
    clearTimeout(this.timer);
  }
}

/**
 * Waits, by watching the Application (one GET, then a watch resumed from the last resource version
 * it saw), until it has synced a revision that includes `revision` and is Healthy. Fails at once on a
 * failed sync at such a revision, on Degraded there once the grace is over, and when the time is up.
 */
export async function waitForRevision(options: WaitOptions): Promise<ArgoApplication> {
  const { cluster, namespace, name } = options;
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), options.timeoutMs);
  // When the grace ends, the watch is cut so the Application is read and judged again.
  let graceEnded = new AbortController();
  const grace = new DegradedGrace(options.degradedGraceMs, () => graceEnded.abort());
  let lastState = '';
  let lastProblem: string | undefined;
  const observe = async (application: ArgoApplication): Promise<Verdict> => {
    const state = describeApplication(application);
    if (state !== lastState) options.onState(`${name}: ${state}`);
    lastState = state;
    return judge(application, options, grace);
  };

  try {
    let application = await cluster.getApplication(namespace, name);
    if (!application) throw notFound(options, cluster);
    if ((await observe(application)) === 'done') return application;
    let resourceVersion = application.metadata.resourceVersion ?? '';

    while (!timeout.signal.aborted) {
      let expired = false;
      const signal = AbortSignal.any([timeout.signal, graceEnded.signal]);
      try {
        for await (const event of cluster.watchApplication(namespace, name, resourceVersion, signal)) {
          if (event.type === 'ERROR') {
            // 410 Gone: the version we resume from is too old; read the object afresh.
            expired = event.status.code === 410;
            lastProblem = `watch error ${event.status.code ?? ''} ${event.status.message ?? ''}`.trim();
            break;
          }
          if (event.type === 'DELETED') throw new ApplicationNotFoundError(`${name} was deleted while waiting.`);
          resourceVersion = event.object.metadata.resourceVersion ?? resourceVersion;
          if (event.type === 'BOOKMARK') continue;
          application = event.object;
          if ((await observe(application)) === 'done') return application;
        }
      } catch (error) {
        if (!(error instanceof ClusterAccessError) || !error.transient) throw error;
        lastProblem = error.message;
      }
      if (timeout.signal.aborted) break;
      const graceCut = graceEnded.signal.aborted;
      if (graceCut) graceEnded = new AbortController();
      if (expired || graceCut) {
        application = await cluster.getApplication(namespace, name);
        if (!application) throw new ApplicationNotFoundError(`${name} was deleted while waiting.`);
        resourceVersion = application.metadata.resourceVersion ?? '';
        if ((await observe(application)) === 'done') return application;
      } else {
        await pause(options.reconnectDelayMs, timeout.signal);
      }
    }
    throw new WaitTimeoutError(
      `Timed out after ${Math.round(options.timeoutMs / 1000)} s waiting for ${name} to sync ${options.revision} and be Healthy; last seen: ${lastState}${lastProblem ? ` (last problem: ${lastProblem})` : ''}.`,
    );
  } finally {
    clearTimeout(timer);
    grace.stop();
  }
}

/** The first of `revisions` that includes the awaited revision (a multi-source app names one per source). */
async function including(revisions: readonly string[], options: WaitOptions): Promise<string | undefined> {
  for (const revision of revisions) if (await options.includesRevision(revision)) return revision;
  return undefined;
}

async function judge(application: ArgoApplication, options: WaitOptions, grace: DegradedGrace): Promise<Verdict> {
  const { sync, health, operationState: operation } = application.status ?? {};
  const operationRevision = await including(
    [...revisionsOf(operation?.syncResult), ...revisionsOf(operation?.operation?.sync)],
    options,
  );
  if ((operation?.phase === 'Failed' || operation?.phase === 'Error') && operationRevision) {
    throw new DeploymentFailedError(
      `${options.name}: the sync of ${operationRevision.slice(0, 12)} ${operation.phase === 'Error' ? 'errored' : 'failed'}: ${operation.message ?? 'no message'}`,
    );
  }
  const synced = await including(revisionsOf(sync), options);
  if (!synced) return 'waiting';
  if (health?.status === 'Degraded') {
    if (grace.tolerates()) return 'waiting';
    throw new DeploymentFailedError(
      `${options.name} is Degraded at ${synced.slice(0, 12)}${options.degradedGraceMs > 0 ? ` after the ${options.degradedGraceMs / 1000} s grace` : ''}: ${health.message ?? 'no message'}`,
    );
  }
  return sync?.status === 'Synced' && health?.status === 'Healthy' && operation?.phase !== 'Running'
    ? 'done'
    : 'waiting';
}

function notFound(options: WaitOptions, cluster: ClusterReader): ApplicationNotFoundError {
  return new ApplicationNotFoundError(
    `There is no Application ${options.namespace}/${options.name} on ${cluster.description}: wrong --context, or not deployed there.`,
  );
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
