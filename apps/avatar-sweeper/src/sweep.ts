import { connectUsersData, type AwsConfig } from '@platform/aws-adapters';
import { reconcileAvatars } from '@platform/users-domain';
import pino from 'pino';
import type { SweeperConfig } from './config.js';

/**
 * One run: reconciles, then writes one JSON line with the counts. Returns the exit code:
 * 0 when everything was handled, 1 when anything failed, so the CronJob's failure is visible.
 */
export async function sweep(
  config: SweeperConfig,
  aws: AwsConfig,
  options: { credentials?: { accessKeyId: string; secretAccessKey: string } } = {},
): Promise<number> {
  const log = pino({
    level: config.logLevel,
    base: { service: 'avatar-sweeper' },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
  const data = connectUsersData(aws, options);
  const started = performance.now();
  log.info({ dryRun: config.dryRun, graceSeconds: config.graceSeconds, bucket: aws.avatarsBucket }, 'sweep started');
  try {
    const report = await reconcileAvatars(data, {
      now: new Date(),
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
    data.close();
    log.flush();
  }
}
