import type { Logger } from 'pino';

/** A backing service the API calls: DynamoDB or S3. */
export interface DependencyCheck {
  readonly name: string;
  check(): Promise<void>;
}

export type DependencyStatus = 'ok' | 'failed' | 'unknown';

export interface DependencySnapshot {
  readonly status: 'ok' | 'degraded' | 'unknown';
  readonly dependencies: Record<string, { status: DependencyStatus; checkedAt: string | null }>;
}

const checkTimeoutMs = 2_000;

function withTimeout(check: DependencyCheck): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(Object.assign(new Error(`no answer within ${checkTimeoutMs} ms`), { name: 'TimeoutError' })),
      checkTimeoutMs,
    );
  });
  return Promise.race([check.check(), timeout]).finally(() => clearTimeout(timer));
}

/**
 * Checks every dependency in the background, every `intervalMs`, and keeps the last result: what
 * `/healthz/dependencies` reports and what `record` turns into the `dependency_up` gauge. Readiness
 * does not read it (a regional blip must not take every pod out of the Service at once), and a
 * request to the endpoint costs no AWS call however often it comes.
 */
export function watchDependencies(options: {
  checks: readonly DependencyCheck[];
  intervalMs: number;
  logger: Logger;
  record: (dependency: string, up: boolean) => void;
}) {
  const state = new Map<string, { status: DependencyStatus; checkedAt: string | null }>(
    options.checks.map((check) => [check.name, { status: 'unknown', checkedAt: null }]),
  );
  let running: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;

  async function checkAll(): Promise<void> {
    const results = await Promise.allSettled(options.checks.map(withTimeout));
    const checkedAt = new Date().toISOString();
    options.checks.forEach((check, i) => {
      const result = results[i];
      const up = result?.status === 'fulfilled';
      const before = state.get(check.name)?.status;
      state.set(check.name, { status: up ? 'ok' : 'failed', checkedAt });
      options.record(check.name, up);
      // The error (class, message) goes to the log only: the endpoint is public.
      if (!up)
        options.logger.warn({ dependency: check.name, err: result?.reason as unknown }, 'dependency check failed');
      else if (before === 'failed') options.logger.info({ dependency: check.name }, 'dependency check recovered');
    });
  }

  /** Runs a check of every dependency now, or waits for the one already running. */
  function checkNow(): Promise<void> {
    running ??= checkAll().finally(() => (running = undefined));
    return running;
  }

  return {
    checkNow,
    /** First check at once, then every `intervalMs`; the timer never holds the process open. */
    start(): void {
      void checkNow();
      timer = setInterval(() => void checkNow(), options.intervalMs);
      timer.unref();
    },
    stop(): void {
      clearInterval(timer);
    },
    snapshot(): DependencySnapshot {
      const statuses = [...state.values()].map((entry) => entry.status);
      return {
        status: statuses.includes('failed') ? 'degraded' : statuses.includes('unknown') ? 'unknown' : 'ok',
        dependencies: Object.fromEntries(state),
      };
    },
  };
}

export type DependencyHealth = ReturnType<typeof watchDependencies>;
