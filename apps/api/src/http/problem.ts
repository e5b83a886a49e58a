import type { Context } from 'hono';
import type { AppEnv } from './app-env.js';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { HttpProblemCode } from './problem-codes.js';

/** A field that failed validation, as listed in a 400 problem. */
export interface InvalidField {
  readonly field: string;
  readonly message: string;
}

/**
 * An HTTP-level failure raised by middleware or handlers (authentication, content type, size,
 * validation). The error handler renders it, with every other error, as problem+json.
 */
export class HttpProblem extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly title: string,
    readonly detail: string,
    readonly extras: { code: HttpProblemCode; errors?: readonly InvalidField[]; headers?: Record<string, string> },
  ) {
    super(detail);
    this.name = 'HttpProblem';
  }
}

/** An RFC 9457 problem document, as every error response of this API carries it. */
export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  requestId: string;
  /** Stable and machine-readable: a domain code or one of statusByHttpCode. */
  code: string;
  errors?: readonly InvalidField[];
}

export function problemResponse(
  c: Context<AppEnv>,
  problem: Omit<ProblemDocument, 'type' | 'instance' | 'requestId'>,
  headers: Record<string, string> = {},
): Response {
  const body: ProblemDocument = {
    type: 'about:blank',
    ...problem,
    instance: c.req.path,
    requestId: c.get('requestId') ?? '',
  };
  return c.body(JSON.stringify(body), problem.status as ContentfulStatusCode, {
    ...headers,
    'Content-Type': 'application/problem+json',
  });
}
