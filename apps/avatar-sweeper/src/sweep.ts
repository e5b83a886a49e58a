import { connectUsersData, type AwsConfig } from '@platform/aws-adapters';
import { reconcileAvatars, type AvatarStore, type UserRepository } from '@platform/users-domain';
import pino from 'pino';
import type { SweeperConfig } from './config.js';

export interface SweepOptions {
  /**
   * The moment the run treats as now: objects younger than the grace period before it are kept.
   * The entry points pass the real clock's; tests pass any moment, instead of waiting for it.
   */
  readonly now: Date;
  readonly credentials?: { accessKeyId: string; secretAccessKey: string };
  /** Where the JSON log lines go: stdout unless given (tests read them from here). */
  readonly destination?: pino.DestinationStream;
}

/**
 * One run: reconciles, then writes one JSON line with the counts. Returns the exit code:
 * 0 when everything was handled, 1 when anything failed, so the CronJob's failure is visible.
 */
export async function sweep(config: SweeperConfig, aws: AwsConfig, options: SweepOptions): Promise<number> {
  const data = connectUsersData(aws, { credentials: options.credentials });
  try {
    return await sweepWith(data, config, { ...options, bucket: aws.avatarsBucket });
  } finally {
    data.close();
  }
}

/** The same run over ports given to it: the in-memory ones in tests, to hold a call at a latch. */
export async function sweepWith(
  ports: { users: UserRepository; avatars: AvatarStore },
  config: SweeperConfig,
  options: Omit<SweepOptions, 'credentials'> & { bucket?: string },
): Promise<number> {
  const log = pino(
    { level: config.logLevel, base: { service: 'avatar-sweeper' }, timestamp: pino.stdTimeFunctions.isoTime },
    options.destination,
  );
  const started = performance.now();
  log.info({ dryRun: config.dryRun, graceSeconds: config.graceSeconds, bucket: options.bucket }, 'sweep started');
  try {
    const report = await reconcileAvatars(ports, {
      now: options.now,
      graceMs: config.graceSeconds * 1000,
      dryRun: config.dryRun,
      pageSize: config.pageSize,
      onPage: (progress) => log.debug(progress, 'page done'),
    });
    const durationMs = Math.round(performance.now() - started);
    log[report.errors > 0 ? 'error' : 'info']({ ...report, dryRun: config.dryRun, durationMs }, 'sweep finished');
    return report.errors > 0 ? 1 : 0;
  } catch (error) {
    log.error({ err: error }, 'sweep failed');
    return 1;
  } finally {
    log.flush();
  }
}
