import type { UsersContext } from '@platform/users-domain';
import type { Logger } from 'pino';
import type { AwsConfig, Config } from './config.js';
import { composeServices, type EmulatorCredentials } from './composition.js';
import { watchDependencies } from './dependency-health.js';
import { createLogger } from './logger.js';
import { createMetrics } from './metrics.js';
import { startServer } from './server.js';

export interface ServeOptions {
  /** Static keys, for emulators only. */
  credentials?: EmulatorCredentials;
  logger?: Logger;
  /** Runs after the servers have closed, e.g. to stop the emulators. */
  onClosed?: () => Promise<void>;
  /** For tests: wraps the use-case context, e.g. to slow a port down. */
  wrapContext?: (ctx: UsersContext) => UsersContext;
}

/** Builds everything from configuration and serves it; the caller decides when to shut down. */
export async function serveApi(config: Config, aws: AwsConfig, options: ServeOptions = {}) {
  const logger = options.logger ?? createLogger(config.logLevel);
  const metrics = createMetrics();
  const services = composeServices(config, aws, metrics.observeAwsCall, options.credentials);
  const dependencies = watchDependencies({
    checks: services.dependencyChecks,
    intervalMs: config.dependencyCheckIntervalMs,
    logger,
    record: metrics.recordDependency,
  });
  dependencies.start();
  const running = await startServer({
    deps: {
      ctx: options.wrapContext ? options.wrapContext(services.ctx) : services.ctx,
      apiKeys: config.apiKeys,
      dependencies,
      logger,
      metrics,
      version: config.version,
      uploadConcurrency: config.uploadConcurrency,
    },
    host: config.host,
    port: config.port,
    metricsPort: config.metricsPort,
    registry: metrics.registry,
    shutdownGraceMs: config.shutdownGraceMs,
    shutdownDelayMs: config.shutdownDelayMs,
    headersTimeoutMs: config.headersTimeoutMs,
    requestTimeoutMs: config.requestTimeoutMs,
    logger,
    onClosed: async () => {
      dependencies.stop();
      services.close();
      await options.onClosed?.();
    },
  });
  logger.info({ url: running.url, metrics: running.metricsUrl, version: config.version }, 'listening');
  return { running, logger };
}

/**
 * Serves the API and shuts it down gracefully on SIGTERM or SIGINT, exiting within the
 * configured delay and grace period.
 */
export async function startApi(config: Config, aws: AwsConfig, options: ServeOptions = {}) {
  const { running, logger } = await serveApi(config, aws, options);
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
  return running;
}
