import type { Logger } from 'pino';

/** What every request carries through the middleware chain. */
export interface AppEnv {
  Variables: {
    requestId: string;
    /** The request's logger: every line it writes names the request id. */
    log: Logger;
  };
}
