import type { Server, ServerResponse } from 'node:http';
import { Server as NetServer, type Socket } from 'node:net';
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';

/**
 * Closes an HTTP server without resetting any connection whose request has reached this machine.
 *
 * Node's own `server.close()` also destroys every connection it counts as idle, and that includes a
 * connection accepted a moment ago whose request is still unread in the socket buffer: under CPU
 * pressure there are many, and each client sees ECONNRESET. Here only keep-alive connections that
 * sit between two requests are ended (with a FIN, after their pending input has been read); a
 * connection that has not sent its first request yet keeps its chance to, and gets its answer with
 * `Connection: close`.
 */
export function gracefulCloser(server: Server) {
  const betweenRequests = new Set<Socket>();
  const unanswered = new Set<ServerResponse>();
  let closing = false;
  let accepted = 0;
  const closeAfter = (res: ServerResponse) => !res.headersSent && res.setHeader('Connection', 'close');

  // Prepended, so the header is set before any handler can write the response.
  server.prependListener('request', (req, res) => {
    const socket = req.socket;
    betweenRequests.delete(socket);
    if (closing) closeAfter(res);
    unanswered.add(res);
    res.once('close', () => unanswered.delete(res));
    res.once('finish', () => {
      if (socket.destroyed) return;
      if (closing) socket.end();
      else betweenRequests.add(socket);
    });
  });
  server.on('connection', (socket: Socket) => {
    accepted += 1;
    socket.once('close', () => betweenRequests.delete(socket));
  });

  // Ends keep-alive connections between two requests, after one whole poll of the event loop has
  // read any request already waiting in their buffers (ending one with input unread resets it).
  async function endIdleConnections() {
    await nextTurn();
    await nextTurn();
    for (const socket of betweenRequests) socket.end();
  }

  /**
   * From now on every response closes its connection and idle keep-alive connections are ended, so
   * clients reconnect elsewhere; after `delayMs` (while load balancers stop sending traffic) new
   * connections are refused and the requests already received are answered. Resolves once every
   * connection has closed — or after `graceMs` more, when those still open are destroyed (then it
   * resolves to true).
   */
  return async function close({ delayMs, graceMs }: { delayMs: number; graceMs: number }): Promise<boolean> {
    closing = true;
    for (const res of unanswered) closeAfter(res);
    await Promise.all([endIdleConnections(), sleep(delayMs)]);
    const deadline = Date.now() + graceMs;
    // Closing the listener resets every connection still waiting in the kernel's listen backlog,
    // and libuv accepts one of them per turn of the event loop: turn it until a turn accepts none,
    // bounded by the grace period under endless traffic.
    for (let before = -1; accepted > before && Date.now() < deadline;) {
      before = accepted;
      await nextTurn();
    }
    const closed = new Promise<void>((resolve) => NetServer.prototype.close.call(server, () => resolve()));
    await endIdleConnections();
    let forced = false;
    const force = setTimeout(
      () => {
        forced = true;
        server.closeAllConnections();
      },
      Math.max(0, deadline - Date.now()),
    );
    await closed;
    clearTimeout(force);
    return forced;
  };
}
