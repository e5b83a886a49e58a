import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { createApp, type AppDependencies } from './app.js';
import { gracefulCloser } from './http/graceful-close.js';
import { answerMalformedRequest } from './http/malformed-request.js';

export interface RunningServer {
  readonly url: string;
  readonly metricsUrl: string;
  /** Stops taking traffic, lets requests in flight finish (up to the grace period), then closes. */
  shutdown(): Promise<void>;
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/**
 * Serves the API and, on a separate port the public Service never exposes, the Prometheus metrics.
 * On shutdown readiness turns 503 at once; after the configured delay new connections are refused,
 * and requests in flight get the grace period to finish.
 */
export async function startServer(options: {
  deps: Omit<AppDependencies, 'isShuttingDown'>;
  host: string;
  port: number;
  metricsPort: number;
  registry: Registry;
  shutdownGraceMs: number;
  shutdownDelayMs: number;
  logger: Logger;
  onClosed?: () => void | Promise<void>;
}): Promise<RunningServer> {
  let shuttingDown = false;
  const app = createApp({ ...options.deps, isShuttingDown: () => shuttingDown });
  const server = serve({ fetch: app.fetch, port: options.port, hostname: options.host }) as Server;
  server.on('clientError', answerMalformedRequest);
  const closeServer = gracefulCloser(server);
  await new Promise<void>((resolve, reject) => {
    if (server.listening) return resolve();
    server.once('listening', resolve).once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;

  const metricsServer = createServer(async (req, res) => {
    if (req.url !== '/metrics') return void res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': options.registry.contentType }).end(await options.registry.metrics());
  });
  const closeMetricsServer = gracefulCloser(metricsServer);
  const metricsPort = await listen(metricsServer, options.metricsPort, options.host);
  const local = options.host === '0.0.0.0' || options.host === '::' ? '127.0.0.1' : options.host;

  let shutdownPromise: Promise<void> | undefined;
  const shutdown = () =>
    (shutdownPromise ??= (async () => {
      shuttingDown = true;
      options.logger.info(
        { delayMs: options.shutdownDelayMs, graceMs: options.shutdownGraceMs },
        'shutting down: readiness is 503, then no new connections, then requests in flight finish',
      );
      // Load balancers stop sending traffic once they see readiness fail; until then, keep serving.
      const timing = { delayMs: options.shutdownDelayMs, graceMs: options.shutdownGraceMs };
      const forced = await Promise.all([closeServer(timing), closeMetricsServer(timing)]);
      if (forced.includes(true)) options.logger.warn('grace period over: closed the connections still open');
      await options.onClosed?.();
      options.logger.info('shut down');
    })());

  return { url: `http://${local}:${port}`, metricsUrl: `http://${local}:${metricsPort}/metrics`, shutdown };
}
