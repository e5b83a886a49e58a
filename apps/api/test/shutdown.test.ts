// Graceful shutdown of the real servers (real TCP on loopback, in-memory ports): which requests
// finish, which connections close, and when. Listings are held by a latch, never by a sleep, so
// what is "in flight" is exact. The production bundle under SIGTERM is in bundle.integration.test.ts.
import { describe, expect, it } from 'vitest';
import { holdListings, serveInMemory } from './api-harness.js';

describe('graceful shutdown', () => {
  it('turns readiness 503 at once, finishes every request in flight, then refuses connections', async () => {
    const listings = holdListings();
    const api = await serveInMemory({
      env: { SHUTDOWN_DELAY_MS: '400', SHUTDOWN_GRACE_MS: '5000' },
      wrapContext: listings.wrapContext,
    });
    const inFlight = Array.from({ length: 20 }, () => api.call('/users?limit=1').then((r) => r.status));
    await listings.entered(20);

    const shutdown = api.server.shutdown();
    expect((await api.fetch('/readyz')).status).toBe(503);
    listings.release();
    expect(await Promise.all(inFlight)).toEqual(Array(20).fill(200));
    await shutdown;
    await expect(api.fetch('/healthz')).rejects.toThrow();
  });

  it('closes connections still open when the grace period ends', async () => {
    const listings = holdListings();
    const api = await serveInMemory({ env: { SHUTDOWN_GRACE_MS: '300' }, wrapContext: listings.wrapContext });
    const stuck = api.call('/users').then(
      (r) => r.status,
      () => 'closed',
    );
    await listings.entered(1);
    const started = Date.now();
    await api.server.shutdown();
    // The grace period is 300 ms; 5 s only fails if the forced close never happens.
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await stuck).toBe('closed');
    listings.release();
  });
});
