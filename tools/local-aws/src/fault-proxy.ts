import { connect, createServer, type AddressInfo, type Socket } from 'node:net';

/** A TCP proxy on 127.0.0.1 in front of an emulator, through which a test injects network faults. */
export interface FaultProxy {
  /** Base URL to give an AWS SDK client instead of the emulator's. */
  readonly endpoint: string;
  /** Holds every chunk for `ms` in both directions: a slow network or an overloaded backend. */
  setDelay(ms: number): void;
  /**
   * Holds every chunk from now on until `thaw()`: a backend that stalls mid-request, like a stopped
   * process. A connection the client gives up on meanwhile is closed only after its held bytes are
   * delivered, as the kernel would still hand them to the process once it resumed. Resolves when the
   * first chunk is held.
   */
  freeze(): Promise<void>;
  /** Delivers what `freeze()` held, in order, and passes traffic through again. */
  thaw(): void;
  /** The backend goes away: open connections are reset and new ones refused, until `restore()`. */
  cut(): Promise<void>;
  /** Accepts connections again, on the same port. */
  restore(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts a fault proxy in front of `target` (an `http://host:port` endpoint). Unlike stopping the
 * emulator itself, a fault here touches only the clients that go through this proxy, so test files
 * sharing one emulator can each inject their own.
 */
export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const { hostname, port: targetPort } = new URL(target);
  let delayMs = 0;
  let held: (() => void)[] | undefined;
  let firstHeld: (() => void) | undefined;
  const sockets = new Set<Socket>();
  /** Runs `step` now, or on `thaw()` after everything held before it. */
  const inOrder = (step: () => void) => {
    if (!held) return step();
    held.push(step);
    firstHeld?.();
  };

  const relay = (from: Socket, to: Socket) =>
    from.on('data', (chunk) => {
      const send = () => void (!to.destroyed && to.write(chunk));
      if (held || delayMs === 0) inOrder(send);
      else setTimeout(send, delayMs);
    });
  const server = createServer((client) => {
    const backend = connect(Number(targetPort), hostname);
    for (const socket of [client, backend]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () =>
        inOrder(() => {
          client.destroy();
          backend.destroy();
        }),
      );
    }
    relay(client, backend);
    relay(backend, client);
    client.on('end', () => inOrder(() => backend.end()));
    backend.on('end', () => inOrder(() => client.end()));
  });
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject).listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve((server.address() as AddressInfo).port);
      });
    });
  const close = () => {
    for (const socket of sockets) socket.resetAndDestroy();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  };
  const cut = () => (server.listening ? close() : Promise.resolve());
  const port = await listen(0);

  return {
    endpoint: `http://127.0.0.1:${port}`,
    setDelay(ms) {
      delayMs = ms;
    },
    freeze() {
      held ??= [];
      return new Promise<void>((resolve) => {
        firstHeld = () => {
          firstHeld = undefined;
          resolve();
        };
        if (held?.length) firstHeld();
      });
    },
    thaw() {
      const steps = held ?? [];
      held = undefined;
      firstHeld = undefined;
      for (const step of steps) step();
    },
    cut,
    restore: async () => void (server.listening || (await listen(port))),
    stop: cut,
  };
}
