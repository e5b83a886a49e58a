// The ceiling for this stack: a bare Hono app on @hono/node-server answering GET /healthz as the
// API does, with no middleware. Both packages are loaded from apps/api, so they are the versions
// the API ships. Plain JavaScript, so that its memory is Node's and Hono's alone.
//
//   PORT=<port> node tools/bench/ceiling-server.mjs
import { createRequire } from 'node:module';
import { join } from 'node:path';

const requireFromApi = createRequire(join(import.meta.dirname, '..', '..', 'apps', 'api', 'package.json'));
const { Hono } = requireFromApi('hono');
const { serve } = requireFromApi('@hono/node-server');

const app = new Hono().get('/healthz', (c) => c.json({ status: 'ok' }));
serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: '127.0.0.1' });
