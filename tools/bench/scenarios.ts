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
  /** Users the DELETE scenario removes, each once. */
  doomedIds: readonly string[];
  avatar: Buffer;
  /** The file the deprecated multipart `POST /upload` sends. */
  formFile: Buffer;
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
  let patched = 0;
  let uploaded = 0;
  let deleted = 0;
  let formUploads = 0;
  const boundary = 'bench-form-boundary';
  // user_id before file, as the route requires: the file streams to storage as it arrives.
  const form = (userId: string) =>
    Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="user_id"\r\n\r\n${userId}\r\n` +
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="avatar.png"\r\nContent-Type: image/png\r\n\r\n`,
      ),
      options.formFile,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
  // Writes to one user go through a counter shared by all connections, so that no two connections
  // write the same user at the same moment (each connection cycles through the list on its own).
  const nextUser = (n: number) => options.userIds[n % options.userIds.length] ?? 'none';
  return {
    listing: load('GET /users?limit=20', [{ method: 'GET', path: '/users?limit=20', headers }]),
    healthz: load(healthzName, [{ method: 'GET', path: '/healthz' }]),
    byId: load(
      'GET /users/{id}',
      options.userIds.map((id) => ({ method: 'GET', path: `/users/${id}`, headers })),
    ),
    avatar: load(`PUT /users/{id}/avatar (${options.avatar.length / 1024} KiB PNG)`, [
      {
        method: 'PUT',
        headers: { ...headers, 'content-type': 'image/png' },
        body: options.avatar,
        setupRequest: (request) => ({ ...request, path: `/users/${nextUser(uploaded++)}/avatar` }),
      },
    ]),
    form: load(`POST /upload (${options.formFile.length / 1024} KiB multipart)`, [
      {
        method: 'POST',
        path: '/upload',
        headers: { ...headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
        setupRequest: (request) => ({ ...request, body: form(nextUser(formUploads++)) }),
      },
    ]),
    patch: load('PATCH /users/{id}', [
      {
        method: 'PATCH',
        headers: { ...headers, 'content-type': 'application/merge-patch+json' },
        // A new name each time, or the patch would change nothing and write nothing.
        setupRequest: (request) => ({
          ...request,
          path: `/users/${nextUser(patched)}`,
          body: JSON.stringify({ name: `Patched ${patched++}` }),
        }),
      },
    ]),
    delete: {
      ...load('DELETE /users/{id}', [
        {
          method: 'DELETE',
          headers,
          setupRequest: (request) => ({ ...request, path: `/users/${options.doomedIds[deleted++] ?? 'none'}` }),
        },
      ]),
      amount: options.doomedIds.length,
    },
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
