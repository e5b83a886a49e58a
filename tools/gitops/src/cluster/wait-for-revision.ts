import { ApplicationNotFoundError, ClusterAccessError, DeploymentFailedError, WaitTimeoutError } from '../errors.ts';
import type { ArgoApplication, ClusterReader } from './argo-cd.ts';
import { describeApplication } from './describe-application.ts';

export interface WaitOptions {
  readonly cluster: ClusterReader;
  readonly namespace: string;
  readonly name: string;
  readonly revision: string;
  /** True when the synced revision includes the awaited one (is it, or a descendant of it). */
  readonly includesRevision: (synced: string) => Promise<boolean>;
  readonly timeoutMs: number;
  /** Pause before resuming a watch whose connection was cut. */
  readonly reconnectDelayMs: number;
  readonly onState: (line: string) => void;
}

type Verdict = 'done' | 'waiting';

/**
 * Waits, by watching the Application (one GET, then a watch resumed from the last resource version
 * it saw), until it has synced a revision that includes `revision` and is Healthy. Fails at once on
 * Degraded or a failed sync at such a revision, and when the time is up.
 */
export async function waitForRevision(options: WaitOptions): Promise<ArgoApplication> {
  const { cluster, namespace, name } = options;
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), options.timeoutMs);
  let lastState = '';
  let lastProblem: string | undefined;
  const observe = async (application: ArgoApplication): Promise<Verdict> => {
    const state = describeApplication(application);
    if (state !== lastState) options.onState(`${name}: ${state}`);
    lastState = state;
    return judge(application, options);
  };

  try {
    let application = await cluster.getApplication(namespace, name);
    if (!application) throw notFound(options, cluster);
    if ((await observe(application)) === 'done') return application;
    let resourceVersion = application.metadata.resourceVersion ?? '';

    while (!timeout.signal.aborted) {
      let expired = false;
      try {
        for await (const event of cluster.watchApplication(namespace, name, resourceVersion, timeout.signal)) {
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
      if (expired) {
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
  }
}

async function judge(application: ArgoApplication, options: WaitOptions): Promise<Verdict> {
  const { sync, health, operationState: operation } = application.status ?? {};
  const operationRevision = operation?.syncResult?.revision ?? operation?.operation?.sync?.revision;
  if (
    (operation?.phase === 'Failed' || operation?.phase === 'Error') &&
    operationRevision &&
    (await options.includesRevision(operationRevision))
  ) {
    throw new DeploymentFailedError(
      `${options.name}: the sync of ${operationRevision.slice(0, 12)} ${operation.phase === 'Error' ? 'errored' : 'failed'}: ${operation.message ?? 'no message'}`,
    );
  }
  if (!sync?.revision || !(await options.includesRevision(sync.revision))) return 'waiting';
  if (health?.status === 'Degraded') {
    throw new DeploymentFailedError(
      `${options.name} is Degraded at ${sync.revision.slice(0, 12)}: ${health.message ?? 'no message'}`,
    );
  }
  return sync.status === 'Synced' && health?.status === 'Healthy' && operation?.phase !== 'Running'
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
