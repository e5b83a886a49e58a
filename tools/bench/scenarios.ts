import type autocannon from 'autocannon';
import type { Load } from './load.js';

/** Names the report looks the ratio up by. */
export const healthzName = 'GET /healthz';
export const ceilingName = 'bare Hono GET /healthz (ceiling)';

/**
 * The loads driven at the API, each over `connections` connections for `seconds`: the listing, the
 * probe, reads and avatar uploads spread over the seeded users, and creates with a new email each.
 */
export function apiScenarios(options: {
  url: string;
  pid: number;
  apiKey: string;
  userIds: readonly string[];
  avatar: Buffer;
  connections: number;
  seconds: number;
}) {
  const { url, pid, connections, seconds } = options;
  const headers = { 'x-api-key': options.apiKey };
  const load = (name: string, requests: autocannon.Request[]): Load => ({
    name,
    pid,
    url,
    connections,
    seconds,
    requests,
  });
  let created = 0;
  return {
    listing: load('GET /users?limit=20', [{ method: 'GET', path: '/users?limit=20', headers }]),
    healthz: load(healthzName, [{ method: 'GET', path: '/healthz' }]),
    byId: load(
      'GET /users/{id}',
      options.userIds.map((id) => ({ method: 'GET', path: `/users/${id}`, headers })),
    ),
    avatar: load(
      `PUT /users/{id}/avatar (${options.avatar.length / 1024} KiB PNG)`,
      options.userIds.map((id) => ({
        method: 'PUT',
        path: `/users/${id}/avatar`,
        headers: { ...headers, 'content-type': 'image/png' },
        body: options.avatar,
      })),
    ),
    create: load('POST /users', [
      {
        method: 'POST',
        path: '/users',
        headers: { ...headers, 'content-type': 'application/json' },
        // A new email on every request, or all but the first would be 409s.
        setupRequest: (request) => ({
          ...request,
          body: JSON.stringify({ name: 'Load User', email: `load-${created++}@example.com` }),
        }),
      },
    ]),
  };
}

/** The same probe against the bare-Hono ceiling server. */
export function ceilingScenario(options: { url: string; pid: number; connections: number; seconds: number }): Load {
  return { name: ceilingName, ...options, requests: [{ method: 'GET', path: '/healthz' }] };
}
