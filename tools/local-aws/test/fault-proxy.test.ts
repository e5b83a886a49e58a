// The fault proxy against a real TCP echo server on loopback: what each fault does to a client.
import { connect, createServer, type AddressInfo, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFaultProxy, type FaultProxy } from '../src/index.js';

let echo: Server;
let proxy: FaultProxy;
beforeAll(async () => {
  // A cut resets the proxy's connection to the backend too: that is expected here.
  echo = createServer((socket) => socket.on('error', () => undefined).pipe(socket));
  await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
  proxy = await startFaultProxy(`http://127.0.0.1:${(echo.address() as AddressInfo).port}`);
});
afterAll(async () => {
  await proxy.stop();
  echo.close();
});

/** Sends `text` through the proxy; resolves to what came back, or to the socket error's code. */
function roundTrip(text: string): Promise<string> {
  const { port } = new URL(proxy.endpoint);
  return new Promise((resolve) => {
    const socket = connect(Number(port), '127.0.0.1');
    let received = '';
    socket.on('data', (chunk) => {
      received += chunk;
      if (received.length >= text.length) socket.end(() => resolve(received));
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    socket.write(text);
  });
}

describe('a fault proxy', () => {
  it('passes traffic through unchanged', async () => {
    expect(await roundTrip('hello')).toBe('hello');
  });

  it('refuses connections while cut, and accepts them again on the same port once restored', async () => {
    await proxy.cut();
    expect(await roundTrip('x')).toBe('ECONNREFUSED');
    await proxy.restore();
    expect(await roundTrip('back')).toBe('back');
  });

  it('holds traffic while frozen and delivers it in order once thawed', async () => {
    const holding = proxy.freeze();
    let settled = false;
    const answer = roundTrip('one-two').then((text) => ((settled = true), text));
    await holding;
    // However long we wait, nothing comes back while frozen; a few event-loop turns show it.
    for (let turn = 0; turn < 20; turn++) await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    proxy.thaw();
    expect(await answer).toBe('one-two');
  });

  it('still delivers, once thawed, what a client sent before giving up on a frozen backend', async () => {
    const received: string[] = [];
    const sink = createServer((socket) => socket.on('data', (chunk) => received.push(String(chunk))));
    await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
    const frozen = await startFaultProxy(`http://127.0.0.1:${(sink.address() as AddressInfo).port}`);
    try {
      const holding = frozen.freeze();
      const client = connect(Number(new URL(frozen.endpoint).port), '127.0.0.1');
      client.write('the request');
      await holding;
      await new Promise<void>((resolve) => client.end(resolve));
      expect(received).toEqual([]);

      frozen.thaw();
      await expect.poll(() => received.join('')).toBe('the request');
    } finally {
      await frozen.stop();
      sink.close();
    }
  });

  it('delays every chunk by the set time', async () => {
    proxy.setDelay(100);
    const started = performance.now();
    expect(await roundTrip('slow')).toBe('slow');
    proxy.setDelay(0);
    // Both directions wait 100 ms; a busy machine can only make it slower, so this lower bound cannot flake.
    expect(performance.now() - started).toBeGreaterThanOrEqual(150);
  });
});
