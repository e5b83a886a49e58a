import type { Context } from 'hono';
import type { AppEnv } from './app-env.js';
import { HTTPException } from 'hono/http-exception';
import { getReasonPhrase } from './reason-phrase.js';
import { DependencyUnavailableError, DomainError } from '@platform/users-domain';
import { HttpProblem, problemResponse } from './problem.js';

/** The one table from domain error codes to HTTP statuses. */
export const statusByDomainCode: Readonly<Record<string, number>> = {
  'USER.NOT_FOUND': 404,
  'USER.EMAIL_TAKEN': 409,
  'USER.VERSION_MISMATCH': 412,
  'USER.EMPTY_PATCH': 400,
  'PAGINATION.INVALID_CURSOR': 400,
  'AVATAR.NOT_FOUND': 404,
  'AVATAR.TOO_LARGE': 413,
  'AVATAR.TOO_MANY_PIXELS': 422,
  'AVATAR.UNSUPPORTED_TYPE': 415,
  'AVATAR.INVALID_UPLOAD_TOKEN': 400,
  'AVATAR.UPLOAD_NOT_RECEIVED': 409,
  'AVATAR.UPLOAD_EXPIRED': 410,
  'AVATAR.SIZE_MISMATCH': 422,
  'IDEMPOTENCY.INVALID_KEY': 400,
  'IDEMPOTENCY.KEY_REUSED': 422,
  'DEPENDENCY.UNAVAILABLE': 503,
};

/**
 * Turns every error into a problem+json response: domain errors by their code, HTTP problems as
 * raised, anything unexpected as a 500 whose details go to the log and never to the client.
 */
export function handleError(error: Error, c: Context<AppEnv>): Response {
  const log = c.get('log');
  if (clientWentAway(error, c)) {
    // Not a server fault: logged at info and counted as 499, outside the availability objective.
    log?.info(
      { err: { message: error.message, code: (error as NodeJS.ErrnoException).code } },
      'client closed request',
    );
    return problemResponse(c, {
      title: 'Client Closed Request',
      status: 499,
      detail: 'The client closed the connection before the request was complete.',
      code: 'REQUEST.CLIENT_CLOSED',
    });
  }
  if (error instanceof DomainError) {
    const status = statusByDomainCode[error.code] ?? 500;
    const headers: Record<string, string> = {};
    if (error instanceof DependencyUnavailableError) {
      headers['Retry-After'] = String(error.retryAfterSeconds);
      log?.warn({ err: error.cause, dependency: error.dependency }, 'dependency unavailable');
    }
    return problemResponse(
      c,
      { title: getReasonPhrase(status), status, detail: error.message, code: error.code },
      headers,
    );
  }
  if (error instanceof HttpProblem) {
    const { errors, headers, code } = error.extras;
    return problemResponse(
      c,
      {
        title: error.title,
        status: error.status,
        detail: error.detail,
        code,
        ...(errors && { errors }),
      },
      headers,
    );
  }
  if (error instanceof HTTPException && error.status < 500) {
    return problemResponse(c, {
      title: getReasonPhrase(error.status),
      status: error.status,
      detail: error.message || getReasonPhrase(error.status),
      // Hono raises these for a body its validators cannot parse (malformed JSON or form).
      code: error.status === 400 ? 'REQUEST.MALFORMED' : 'REQUEST.INVALID',
    });
  }
  log?.error({ err: error }, 'unhandled error');
  return problemResponse(c, {
    title: 'Internal Server Error',
    status: 500,
    detail: 'The server failed to handle the request; it has been logged with this request id.',
    code: 'INTERNAL',
  });
}

/** The client closed its connection (mid-body, or with a body Node could not parse) before we answered. */
function clientWentAway(error: Error, c: Context<AppEnv>): boolean {
  return (
    c.req.raw.signal.aborted || (error.message === 'aborted' && (error as NodeJS.ErrnoException).code === 'ECONNRESET')
  );
}
