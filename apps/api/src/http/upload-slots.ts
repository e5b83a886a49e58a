import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './app-env.js';
import type { HttpProblemCode } from './problem-codes.js';
import { HttpProblem } from './problem.js';

/** The code of the 503 a request gets when every upload slot is taken. */
export const uploadsBusyCode = 'AVATAR.UPLOADS_BUSY' satisfies HttpProblemCode;

/**
 * Caps how many requests of the routes it guards run at once in this process: the next one gets
 * 503 with Retry-After (and Connection: close, so its body is not read) until a slot is free.
 * Uploads stream, but each holds sockets, a sample of its file and, for a body of unknown length,
 * one part of a multipart upload: the cap bounds what a burst costs in memory.
 */
export function limitConcurrentUploads(max: number, retryAfterSeconds = 1): MiddlewareHandler<AppEnv> {
  let running = 0;
  return async function limitConcurrentUploads(_c, next) {
    if (running >= max) {
      throw new HttpProblem(
        503,
        'Service Unavailable',
        `This instance is already handling ${max} avatar uploads; retry after ${retryAfterSeconds} s.`,
        { headers: { 'Retry-After': String(retryAfterSeconds), Connection: 'close' }, code: uploadsBusyCode },
      );
    }
    running += 1;
    try {
      await next();
    } finally {
      running -= 1;
    }
  };
}
