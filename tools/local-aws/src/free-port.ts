import { createServer, type AddressInfo } from 'node:net';

const handedOut = new Set<number>();

/**
 * A TCP port that is free on all interfaces right now and that this process has not handed out
 * before (so concurrent starts in one process never pick the same one).
 */
export async function findFreePort(): Promise<number> {
  for (;;) {
    const port = await listenBriefly(0);
    if (port !== undefined && !handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
}

/** Whether nothing listens on `port` (on any interface) right now. */
export async function isPortFree(port: number): Promise<boolean> {
  return (await listenBriefly(port)) !== undefined;
}

/** Listens on `port` on all interfaces and closes again: the port it got, or undefined if taken. */
function listenBriefly(port: number): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', (error: NodeJS.ErrnoException) =>
      error.code === 'EADDRINUSE' || error.code === 'EACCES' ? resolve(undefined) : reject(error),
    );
    server.listen(port, () => {
      const { port: bound } = server.address() as AddressInfo;
      server.close(() => resolve(bound));
    });
  });
}
