import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from './app-env.js';
import { HttpProblem } from './problem.js';
import { getReasonPhrase } from './reason-phrase.js';

/**
 * Refuses bodies over `maxBytes` with 413. A declared Content-Length over the limit is refused
 * before anything is read; a streamed body is counted as it arrives and never held past the limit.
 */
export function limitBody(maxBytes: number): MiddlewareHandler<AppEnv> {
  return bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new HttpProblem(413, getReasonPhrase(413), `The request body may be at most ${maxBytes} bytes.`, {
        headers: { Connection: 'close' },
      });
    },
  });
}

/**
 * Refuses with 415 a request whose body is not declared as one of `mediaTypes` (application/json by
 * default). Any `+json` type is not enough: `application/evil+json` is no contract of this API.
 */
export function requireJson(mediaTypes: readonly string[] = ['application/json']): MiddlewareHandler<AppEnv> {
  return async function requireJson(c, next) {
    const mediaType = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    if (!mediaTypes.includes(mediaType)) {
      throw new HttpProblem(
        415,
        'Unsupported Media Type',
        'Send the body as JSON with Content-Type: application/json.',
      );
    }
    await next();
  };
}

/** Refuses with 415 a request whose body is not multipart/form-data. */
export function requireMultipart(): MiddlewareHandler<AppEnv> {
  return async function requireMultipart(c, next) {
    if (!(c.req.header('content-type') ?? '').toLowerCase().startsWith('multipart/form-data')) {
      throw new HttpProblem(
        415,
        'Unsupported Media Type',
        'Send the file as multipart/form-data with the fields user_id and file.',
      );
    }
    await next();
  };
}
