import type { AwsConfig, Config } from './config.js';
import { composeServices, type EmulatorCredentials } from './composition.js';
import { createLogger } from './logger.js';
import { createMetrics } from './metrics.js';
import { startServer } from './server.js';

/**
 * Starts the API against the given AWS (or AWS-compatible) endpoints and shuts it down gracefully
 * on SIGTERM or SIGINT, exiting within the configured grace period.
 */
export async function startApi(
  config: Config,
  aws: AwsConfig,
  options: { credentials?: EmulatorCredentials; onClosed?: () => Promise<void> } = {},
) {
  const logger = createLogger(config.logLevel);
  const metrics = createMetrics();
  const services = composeServices(config, aws, metrics.observeAwsCall, options.credentials);
  const running = await startServer({
    deps: {
      ctx: services.ctx,
      apiKeys: config.apiKeys,
      readinessChecks: services.readinessChecks,
      logger,
      metrics,
      version: config.version,
    },
    host: config.host,
    port: config.port,
    metricsPort: config.metricsPort,
    registry: metrics.registry,
    shutdownGraceMs: config.shutdownGraceMs,
    shutdownDelayMs: config.shutdownDelayMs,
    logger,
    onClosed: async () => {
      services.close();
      await options.onClosed?.();
    },
  });
  logger.info({ url: running.url, metrics: running.metricsUrl, version: config.version }, 'listening');

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      logger.info({ signal }, 'signal received');
      running.shutdown().then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
    });
  }
  return { running, logger };
}
