import { OpenAPIHono } from '@hono/zod-openapi';
import type { UsersContext } from '@platform/users-domain';
import type { Logger } from 'pino';
import { apiKeyAuth } from './http/api-key-auth.js';
import type { AppEnv } from './http/app-env.js';
import { handleError } from './http/error-handler.js';
import { notFoundOrMethodNotAllowed } from './http/method-not-allowed.js';
import { requestLog } from './http/request-log.js';
import { responseHeaders } from './http/response-headers.js';
import { validationHook } from './http/validation-hook.js';
import type { DependencyHealth } from './dependency-health.js';
import type { Metrics } from './metrics.js';
import { registerAvatarRoutes } from './routes/avatars.js';
import { publicPaths, registerDocRoutes } from './routes/docs.js';
import { registerHealthRoutes } from './routes/health.js';
import { registerUserRoutes } from './routes/users.js';

export interface AppDependencies {
  readonly ctx: UsersContext;
  readonly apiKeys: readonly string[];
  /** The last background check of DynamoDB and S3; readiness does not read it. */
  readonly dependencies: Pick<DependencyHealth, 'snapshot'>;
  readonly isShuttingDown: () => boolean;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly version: string;
  /** How many avatar uploads run at once; 503 beyond. */
  readonly uploadConcurrency: number;
}

/** The HTTP application: middleware in the order every request meets it, then the routes. */
export function createApp(deps: AppDependencies): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.use(responseHeaders({ limitLength: 128 }));
  app.use(requestLog(deps.logger));
  app.use(deps.metrics.httpMetrics);
  app.use(apiKeyAuth({ keys: deps.apiKeys, publicPaths }));

  registerHealthRoutes(app, { dependencies: deps.dependencies, isShuttingDown: deps.isShuttingDown });
  registerDocRoutes(app, deps.version);
  registerUserRoutes(app, deps.ctx);
  registerAvatarRoutes(app, deps.ctx, { uploadConcurrency: deps.uploadConcurrency });

  app.onError(handleError);
  app.notFound(notFoundOrMethodNotAllowed(app.routes));
  return app;
}
