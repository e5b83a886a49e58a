// Swagger UI from the production bundle alone in a folder, with exactly the files the image's
// runtime stage copies (production-bundle.ts reads them from the Dockerfile): the page and every
// file it loads come from the API, hashed, cached for a year, as the installed swagger-ui-dist has
// them. The stores are never reached here (their endpoints are a closed loopback port): the page
// needs neither.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { swaggerUiContentSecurityPolicy } from '../src/routes/docs.js';
import { copyProductionBundle, waitForListening } from './production-bundle.js';

let bundle: Awaited<ReturnType<typeof copyProductionBundle>>;
beforeAll(async () => {
  bundle = await copyProductionBundle();
}, 60_000);
afterAll(() => bundle?.remove());

const installed = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('Swagger UI in the production bundle', () => {
  it('serves the page and every file it loads from the API itself, none from elsewhere', async () => {
    const child = bundle.run({
      HOST: '127.0.0.1',
      PORT: '0',
      METRICS_PORT: '0',
      API_KEYS: 'bundle-key',
      TOKEN_SECRET: 'a-production-like-secret-of-32-characters!',
      AWS_REGION: 'eu-west-1',
      USERS_TABLE: 'users',
      AVATARS_BUCKET: 'avatars',
      AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:9',
      AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:9',
      AWS_ACCESS_KEY_ID: 'unused',
      AWS_SECRET_ACCESS_KEY: 'unused',
    });
    onTestFinished(() => void child.kill('SIGKILL'));
    const url = await waitForListening(child);

    for (const path of ['/swagger', '/docs']) {
      const page = await fetch(`${url}${path}`);
      expect(page.status, path).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html; charset=utf-8$/i);
      expect(page.headers.get('content-security-policy')).toBe(swaggerUiContentSecurityPolicy);
      expect(page.headers.get('cache-control')).toBe('no-cache');
      const html = await page.text();
      expect(html, 'no inline script').not.toMatch(/<script>|<script [^>]*>[^<]/);

      const references = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map(([, reference]) => reference!);
      expect(references.filter((reference) => !reference.startsWith('/'))).toEqual([]);
      const assets = references.filter((reference) => reference.startsWith('/swagger/'));
      expect(assets.map((asset) => asset.replace(/\.[0-9a-f]{16}\./, '.'))).toEqual([
        '/swagger/swagger-ui.css',
        '/swagger/index.css',
        '/swagger/favicon-32x32.png',
        '/swagger/swagger-ui-bundle.js',
        '/swagger/swagger-initializer.js',
      ]);

      for (const asset of assets) {
        const response = await fetch(`${url}${asset}`);
        expect(response.status, asset).toBe(200);
        expect(response.headers.get('cache-control'), asset).toBe('public, max-age=31536000, immutable');
        const bytes = new Uint8Array(await response.arrayBuffer());
        expect(asset, 'the hash in the URL is the content’s').toContain(`.${sha256(bytes).slice(0, 16)}.`);
        const distFile = asset.replace(/^\/swagger\//, '').replace(/\.[0-9a-f]{16}\./, '.');
        if (distFile !== 'swagger-initializer.js') {
          expect(sha256(bytes), `${asset} is swagger-ui-dist's ${distFile}`).toBe(
            sha256(readFileSync(join(installed, distFile))),
          );
        }
        const expectedType = { js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8', png: 'image/png' };
        expect(response.headers.get('content-type'), asset).toBe(
          expectedType[asset.split('.').pop() as keyof typeof expectedType],
        );
      }
    }
  });
});
