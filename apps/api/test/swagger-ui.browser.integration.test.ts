// Swagger UI in a real browser, offline: Debian's Chromium (headless, driven by playwright-core)
// loads /swagger from the API on a loopback port (the real servers over the in-memory ports). Every
// request to another origin is aborted and recorded, so a page that needed a CDN, a font host or
// validator.swagger.io renders nothing and the test names what it tried to reach. The page runs
// under the API's Content-Security-Policy; any violation or other console error fails the test.
// Without Chromium the suite is skipped, loudly (see chromium.ts).
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { swaggerUiContentSecurityPolicy } from '../src/routes/docs.js';
import { apiKey, serveInMemory, type ApiUnderTest } from './api-harness.js';
import { findChromium } from './chromium.js';

// Bounds against a hang only: about 10 s on an idle machine, 28 s with a load average of 14 on two
// cores (the whole workspace's tests at once); Chromium parses 1.7 MB of Swagger UI before rendering.
const browserTimeoutMs = 120_000;
const found = findChromium();
if (!found.path) console.warn(`\n⚠ Swagger UI browser test SKIPPED: ${found.reason}\n`);

describe.skipIf(!found.path)(`Swagger UI in headless Chromium (${found.path ?? `SKIPPED: ${found.reason}`})`, () => {
  let api: ApiUnderTest;
  let browser: Browser;

  beforeAll(async () => {
    [api, browser] = await Promise.all([
      serveInMemory(),
      chromium.launch({
        executablePath: found.path,
        headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
      }),
    ]);
  }, browserTimeoutMs);
  afterAll(async () => {
    await browser?.close();
    await api?.stop();
  });

  /** A fresh page that may reach only the API; what else it tried and every console error are kept. */
  async function offlinePage() {
    const context = await browser.newContext();
    context.setDefaultTimeout(60_000);
    const origin = new URL(api.url).origin;
    const blocked: string[] = [];
    const consoleErrors: string[] = [];
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (new URL(url).origin === origin) return route.continue();
      blocked.push(url);
      return route.abort('blockedbyclient');
    });
    const page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error' || /Content Security Policy/i.test(message.text()))
        consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(`uncaught: ${error.message}`));
    return { context, page, blocked, consoleErrors };
  }

  it(
    'renders every operation offline, under its CSP, and "Try it out" reaches the API with the key',
    async () => {
      const { context, page, blocked, consoleErrors } = await offlinePage();
      try {
        const response = await page.goto(`${api.url}/swagger`);
        expect(response?.status()).toBe(200);
        expect(response?.headers()['content-security-policy']).toBe(swaggerUiContentSecurityPolicy);

        // The operation list, rendered from /openapi.json by the bundle this API serves.
        const createUser = page.locator('#operations-users-createUser');
        await createUser.waitFor({ timeout: 60_000 });
        expect(await page.locator('.opblock').count()).toBeGreaterThan(5);

        await page.locator('.auth-wrapper .authorize').click();
        await page.locator('.modal-ux input[type=text]').fill(apiKey);
        await page.locator('.modal-ux .auth-btn-wrapper button.authorize').click();
        await page.locator('.modal-ux button.btn-done').click();

        await createUser.locator('.opblock-summary').click();
        await createUser.locator('.try-out__btn').click();
        const email = `browser-${Date.now()}@example.com`;
        await createUser.locator('textarea.body-param__text').fill(JSON.stringify({ name: 'From Swagger UI', email }));
        const sent = page.waitForRequest((request) => request.method() === 'POST' && request.url().endsWith('/users'));
        await createUser.locator('button.execute').click();

        const request = await sent;
        expect(await request.headerValue('x-api-key')).toBe(apiKey);
        // The page shows the API's answer: 201 Created.
        await expect
          .poll(() => createUser.locator('.live-responses-table tbody .response-col_status').first().textContent(), {
            timeout: 30_000,
          })
          .toContain('201');
        // And the API received it with a valid key: the user exists and the request was logged as 201.
        expect(api.logs).toContainEqual(expect.objectContaining({ method: 'POST', path: '/users', status: 201 }));
        expect(JSON.stringify(await (await api.call('/users')).json())).toContain(email);

        expect(blocked, 'requests to other origins').toEqual([]);
        expect(consoleErrors, 'console errors and CSP violations').toEqual([]);
      } finally {
        await context.close();
      }
    },
    browserTimeoutMs,
  );

  it(
    'renders nothing when a script comes from another origin: the check above can fail',
    async () => {
      const { context, page, blocked } = await offlinePage();
      try {
        // The page as @hono/swagger-ui served it: Swagger UI from a CDN. Served from the API's
        // origin (so the CSP is not what stops it): the blocked request alone must empty the page.
        await page.route(`${api.url}/cdn-page`, (route) =>
          route.fulfill({
            contentType: 'text/html',
            body: `<!doctype html><div id="swagger-ui"></div>
<script src="https://cdn.jsdelivr.net/npm/swagger-ui-dist/swagger-ui-bundle.js"></script>
<script>SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui' })</script>`,
          }),
        );
        await page.goto(`${api.url}/cdn-page`);
        await page.waitForLoadState('load');
        expect(blocked).toEqual(['https://cdn.jsdelivr.net/npm/swagger-ui-dist/swagger-ui-bundle.js']);
        expect(await page.locator('.opblock').count()).toBe(0);
      } finally {
        await context.close();
      }
    },
    browserTimeoutMs,
  );
});
