import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedAws } from '@platform/users-emulators';
import { useSharedEmbeddedAws } from '@platform/users-emulators/testing';
import { startApiUnderTest, withSlowListing } from './api-harness.js';

let local: EmbeddedAws;
beforeAll(async () => {
  local = await useSharedEmbeddedAws();
});
afterAll(() => local?.stop());

describe('graceful shutdown', () => {
  it('turns readiness 503 at once, finishes every request in flight, then refuses connections', async () => {
    const api = await startApiUnderTest({
      local,
      env: { SHUTDOWN_DELAY_MS: '400', SHUTDOWN_GRACE_MS: '5000' },
      // Each listing takes a second, so requests are still in flight when shutdown starts.
      wrapContext: withSlowListing(1_000),
    });
    const inFlight = Array.from({ length: 20 }, () => api.call('/users?limit=1').then((r) => r.status));
    await new Promise((resolve) => setTimeout(resolve, 200));

    const shutdown = api.server.shutdown();
    expect((await fetch(`${api.url}/readyz`)).status).toBe(503);
    expect(await Promise.all(inFlight)).toEqual(Array(20).fill(200));
    await shutdown;
    await expect(fetch(`${api.url}/healthz`)).rejects.toThrow();
  });

  it('closes connections still open when the grace period ends', async () => {
    const api = await startApiUnderTest({
      local,
      env: { SHUTDOWN_GRACE_MS: '300' },
      wrapContext: withSlowListing(5_000),
    });
    const stuck = api.call('/users').then(
      (r) => r.status,
      () => 'closed',
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    await api.server.shutdown();
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(await stuck).toBe('closed');
  });
});
