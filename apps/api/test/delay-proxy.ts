import { connect, createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 in front of a backend, that can hold every chunk for a while in
 * either direction: a slow network or an overloaded backend, for fault-injection tests.
 */
export async function startDelayProxy(target: string) {
  const { hostname, port } = new URL(target);
  let delayMs = 0;
  const sockets = new Set<Socket>();
  const relay = (from: Socket, to: Socket) =>
    from.on('data', (chunk) => {
      const send = () => !to.destroyed && to.write(chunk);
      if (delayMs > 0) setTimeout(send, delayMs);
      else send();
    });
  const server = createServer((client) => {
    const backend = connect(Number(port), hostname);
    for (const socket of [client, backend]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {
        client.destroy();
        backend.destroy();
      });
    }
    relay(client, backend);
    relay(backend, client);
    client.on('end', () => backend.end());
    backend.on('end', () => client.end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    setDelay(ms: number) {
      delayMs = ms;
    },
    async stop() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
