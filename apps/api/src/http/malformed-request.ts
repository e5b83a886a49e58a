import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { HttpProblemCode } from './problem-codes.js';

const notHttp = 'The request is not valid HTTP/1.1 and was not processed.';

/**
 * Answers requests that Node's HTTP parser rejects before the app sees them (a malformed request
 * line, conflicting Content-Length and Transfer-Encoding, oversized headers, a request slower than
 * HEADERS_TIMEOUT_MS or REQUEST_TIMEOUT_MS) with problem+json
 * like every other error, instead of Node's bare 400, then closes the connection.
 */
export function answerMalformedRequest(error: Error & { code?: string }, socket: Socket): void {
  if (!socket.writable) return void socket.destroy();
  const [status, title, detail, code] =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? ([
          408,
          'Request Timeout',
          'The request did not arrive in time and was not processed.',
          'REQUEST.TIMEOUT',
        ] as const)
      : error.code === 'HPE_HEADER_OVERFLOW'
        ? ([431, 'Request Header Fields Too Large', notHttp, 'REQUEST.HEADERS_TOO_LARGE'] as const)
        : ([400, 'Bad Request', notHttp, 'REQUEST.MALFORMED'] as const);
  const body = problemBody(status, title, detail, code);
  socket.end(
    `HTTP/1.1 ${status} ${title}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/**
 * Answers, before the app sees it, a request the app cannot route: no Host header (Node would send a
 * bare 400 itself) or a target that is not a path (`GET *`, `OPTIONS *`). True when it answered.
 */
export function answerUnroutableRequest(req: IncomingMessage, res: ServerResponse): boolean {
  const detail = !req.headers.host
    ? 'The request has no Host header.'
    : /^(\/|https?:\/\/)/i.test(req.url ?? '')
      ? undefined
      : 'The request target must be a path, such as /users.';
  if (!detail) return false;
  const body = problemBody(400, 'Bad Request', detail, 'REQUEST.MALFORMED');
  res.writeHead(400, {
    'Content-Type': 'application/problem+json',
    'Content-Length': Buffer.byteLength(body),
    Connection: 'close',
  });
  res.end(body);
  return true;
}

function problemBody(status: number, title: string, detail: string, code: HttpProblemCode): string {
  return JSON.stringify({ type: 'about:blank', title, status, detail, instance: '', requestId: '', code });
}
