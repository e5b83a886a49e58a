import { createServer, type RequestListener, type Server, type ServerOptions } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Server as NetServer } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { createApp, type AppDependencies } from './app.js';
import { ConfigError } from './config.js';
import { gracefulCloser } from './http/graceful-close.js';
import { answerMalformedRequest, answerUnroutableRequest } from './http/malformed-request.js';

export interface RunningServer {
  readonly url: string;
  readonly metricsUrl: string;
  /** Stops taking traffic, lets requests in flight finish (up to the grace period), then closes. */
  shutdown(): Promise<void>;
}

/** Listens, or fails with a message naming the variable when the port is taken. */
function listen(server: Server | NetServer, port: number, host: string, variable: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new ConfigError([`${variable}=${port}: ${host}:${port} is already in use (another \`npm start\`?)`])
          : error,
      ),
    );
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

/** Fails at once, naming the variable, if a port the API needs is taken: before anything slow starts. */
export async function ensurePortsFree(host: string, ports: Record<string, number>) {
  for (const [variable, port] of Object.entries(ports)) {
    if (port === 0) continue;
    const probe = createNetServer();
    await listen(probe, port, host, variable);
    await new Promise((resolve) => probe.close(resolve));
  }
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
  /** Node's headersTimeout and requestTimeout: how long a slow client may hold a connection. */
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  logger: Logger;
  onClosed?: () => void | Promise<void>;
}): Promise<RunningServer> {
  let shuttingDown = false;
  const app = createApp({ ...options.deps, isShuttingDown: () => shuttingDown });
  const server = createAdaptorServer({
    fetch: app.fetch,
    serverOptions: {
      headersTimeout: options.headersTimeoutMs,
      requestTimeout: options.requestTimeoutMs,
      // Node enforces both only when it checks, every 30 s by default: check often enough to honour them.
      connectionsCheckingInterval: Math.min(1_000, options.headersTimeoutMs),
      // A request without Host reaches answerUnroutableRequest, which answers it as problem+json.
      requireHostHeader: false,
    },
    createServer: ((serverOptions: ServerOptions, listener: RequestListener) =>
      createServer(
        serverOptions,
        (req, res) => answerUnroutableRequest(req, res) || listener(req, res),
      )) as typeof createServer,
  }) as Server;
  server.on('clientError', answerMalformedRequest);
  const closeServer = gracefulCloser(server);
  const port = await listen(server, options.port, options.host, 'PORT');

  const metricsServer = createServer(async (req, res) => {
    if (req.url !== '/metrics') return void res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': options.registry.contentType }).end(await options.registry.metrics());
  });
  const closeMetricsServer = gracefulCloser(metricsServer);
  const metricsPort = await listen(metricsServer, options.metricsPort, options.host, 'METRICS_PORT');
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
