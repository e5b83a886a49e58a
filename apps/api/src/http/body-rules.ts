import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from './app-env.js';
import { HttpProblem } from './problem.js';
import { getReasonPhrase } from './reason-phrase.js';

const tooLarge = (maxBytes: number) =>
  new HttpProblem(413, getReasonPhrase(413), `The request body may be at most ${maxBytes} bytes.`, {
    headers: { Connection: 'close' },
    code: 'REQUEST.BODY_TOO_LARGE',
  });

/**
 * Refuses bodies over `maxBytes` with 413. A declared Content-Length over the limit is refused
 * before anything is read; a streamed body is counted as it arrives and never held past the limit.
 * A declared length is checked here from the header alone, as Hono's bodyLimit does, but without
 * its first step (`c.req.raw.body`), which makes @hono/node-server build a whole Web Request and
 * read the body through a web stream: 3% of the CPU of a PATCH (docs/benchmarks.md, issue 13).
 */
export function limitBody(maxBytes: number): MiddlewareHandler<AppEnv> {
  const limitStreamed = bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw tooLarge(maxBytes);
    },
  });
  return async function limitBody(c, next) {
    const declared = c.req.header('content-length');
    if (declared === undefined || c.req.header('transfer-encoding') !== undefined) return limitStreamed(c, next);
    if (parseInt(declared, 10) > maxBytes) throw tooLarge(maxBytes);
    await next();
  };
}

/**
 * For routes that stream their body: refuses a declared Content-Length over `maxBytes` with 413
 * before anything is read, and leaves a body of unknown length to the route, which counts it as it
 * streams (Hono's bodyLimit would read such a body whole into memory first).
 */
export function limitDeclaredBody(maxBytes: number): MiddlewareHandler<AppEnv> {
  return async function limitDeclaredBody(c, next) {
    const declared = Number(c.req.header('content-length') ?? 0);
    if (declared > maxBytes) throw tooLarge(maxBytes);
    await next();
  };
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Refuses with 415 a request whose body is not declared as one of `mediaTypes` (application/json by
 * default, and a route may name others, as PATCH names application/merge-patch+json; any `+json`
 * type is not enough: `application/evil+json` is no contract of this API) or
 * declares a charset other than UTF-8, and with 400 a body that is not valid UTF-8 — rather than let
 * the bytes become U+FFFD in a stored name.
 */
export function requireJson(mediaTypes: readonly string[] = ['application/json']): MiddlewareHandler<AppEnv> {
  return async function requireJson(c, next) {
    const [mediaType = '', ...parameters] = (c.req.header('content-type') ?? '')
      .split(';')
      .map((part) => part.trim().toLowerCase());
    if (!mediaTypes.includes(mediaType)) {
      throw new HttpProblem(
        415,
        'Unsupported Media Type',
        `Send the body as JSON with Content-Type: ${mediaTypes.join(' or ')}.`,
        { code: 'REQUEST.UNSUPPORTED_MEDIA_TYPE' },
      );
    }
    const charset = parameters.find((parameter) => parameter.startsWith('charset='))?.slice('charset='.length);
    if (charset !== undefined && !['utf-8', 'utf8', '"utf-8"'].includes(charset)) {
      throw new HttpProblem(415, 'Unsupported Media Type', 'Send the body in UTF-8 (charset=utf-8, or no charset).', {
        code: 'REQUEST.UNSUPPORTED_MEDIA_TYPE',
      });
    }
    let text: string;
    try {
      text = utf8.decode(await c.req.arrayBuffer());
    } catch (error) {
      if (!(error instanceof TypeError)) throw error;
      throw new HttpProblem(400, 'Bad Request', 'The body is not valid UTF-8.', { code: 'REQUEST.MALFORMED' });
    }
    // Read once here; the validator's c.req.json() parses this text. Without it Hono would decode
    // the cached bytes again through a new Web Response (3% of a PATCH's CPU); the text is the same,
    // UTF-8 with a leading BOM dropped, as Response.text() decodes it.
    // Hono types bodyCache's entries as values; at run time they are promises of them.
    (c.req.bodyCache as { text?: Promise<string> }).text = Promise.resolve(text);
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
        { code: 'REQUEST.UNSUPPORTED_MEDIA_TYPE' },
      );
    }
    await next();
  };
}
