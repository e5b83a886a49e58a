import { connect } from 'node:net';

/** What a server answered to raw bytes: status, headers and body, or how the connection ended. */
export interface RawResponse {
  readonly status: number | undefined;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly error?: string;
}

/**
 * Sends bytes as they are — for requests no HTTP client would send (conflicting framing headers,
 * oversized headers, broken request lines) — and reads until the server closes the connection.
 */
export function sendRaw(url: string, request: string | Buffer, timeoutMs = 5_000): Promise<RawResponse> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = connect(Number(port), hostname);
    const finish = (error?: string) => {
      socket.destroy();
      const text = Buffer.concat(chunks).toString('latin1');
      const [head = '', ...rest] = text.split('\r\n\r\n');
      const [statusLine = '', ...headerLines] = head.split('\r\n');
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1]) || undefined;
      const headers = Object.fromEntries(
        headerLines.map((line) => [
          line.slice(0, line.indexOf(':')).toLowerCase(),
          line.slice(line.indexOf(':') + 1).trim(),
        ]),
      );
      resolve({ status, headers, body: rest.join('\r\n\r\n'), ...(error && { error }) });
    };
    socket.setTimeout(timeoutMs, () => finish('timeout'));
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('end', () => finish());
    socket.on('error', (error) => finish(error.message));
    socket.write(request);
  });
}
