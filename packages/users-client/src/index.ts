import createClient, { type Client } from 'openapi-fetch';
import type { components, operations, paths } from './schema.js';

export type { components, operations, paths };

/** A user as the API returns it. */
export type User = components['schemas']['User'];
/** Every error the API answers: RFC 9457 problem+json with a stable `code`. */
export type Problem = components['schemas']['Problem'];

export interface UsersClientOptions {
  /** The API's origin, e.g. `http://127.0.0.1:3000` (no trailing path). */
  readonly baseUrl: string;
  /** Sent as `X-API-Key` on every request that does not set that header itself. */
  readonly apiKey?: string;
  /** Sends the request: `globalThis.fetch` by default; an in-process app's `fetch` in tests. */
  readonly fetch?: (request: Request) => Promise<Response>;
}

export type UsersClient = Client<paths>;

/**
 * A client for the users API, typed by its OpenAPI document: `client.GET('/users/{id}', { params:
 * { path: { id } } })` resolves to `{ data, error, response }`, where `data` is the documented
 * success body and `error` the documented problem.
 */
export function createUsersClient({ baseUrl, apiKey, fetch }: UsersClientOptions): UsersClient {
  const client = createClient<paths>({ baseUrl, ...(fetch && { fetch }) });
  if (apiKey !== undefined) {
    client.use({
      onRequest({ request }) {
        if (!request.headers.has('x-api-key')) request.headers.set('x-api-key', apiKey);
        return request;
      },
    });
  }
  return client;
}
