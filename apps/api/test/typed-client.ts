// The typed client (@platform/users-client) as the black-box tests use it: every call they make is
// checked by TypeScript against the committed OpenAPI document (a path, parameter or response field
// it lacks is a type error in `api:typecheck`), so the document is proven accurate by use.
import { createUsersClient, type User, type UsersClient } from '@platform/users-client';
import { apiKey, aUser } from './api-harness.js';

/** A client of the API at `url`, sending the tests' API key unless `key` is null. */
export function clientOf(url: string, key: string | null = apiKey): UsersClient {
  return createUsersClient({ baseUrl: url, ...(key !== null && { apiKey: key }) });
}

/**
 * A binary request body as its bytes (openapi-fetch would serialise JSON), with this Content-Type,
 * or with none, as `fetch` sends bytes by default.
 */
export function binaryBody(bytes: Uint8Array, contentType: string | null = null) {
  return {
    body: new Blob([bytes]),
    bodySerializer: (body: Blob) => body,
    headers: { 'content-type': contentType },
  };
}

/** A multipart/form-data body: its fields in the order given (the API needs `user_id` before `file`). */
export function formBody<T extends Record<string, string | Blob>>(
  fields: T,
): { body: T; bodySerializer: (body: Record<string, string | Blob>) => FormData } {
  return {
    body: fields,
    bodySerializer: (body: Record<string, string | Blob>) => {
      const form = new FormData();
      for (const [name, value] of Object.entries(body)) form.set(name, value);
      return form;
    },
  };
}

/** A new user created through the API; fails naming the answer when it is not 201. */
export async function newUser(client: UsersClient): Promise<User> {
  const { data, error, response } = await client.POST('/users', { body: aUser() });
  if (!data) throw new Error(`POST /users answered ${response.status}: ${JSON.stringify(error)}`);
  return data;
}

/**
 * Waits until `/healthz/dependencies` reports `dependency` with `status` (the background check runs
 * every DEPENDENCY_CHECK_INTERVAL_MS); fails after `withinMs` naming what it saw last.
 */
export async function dependencyReported(
  client: UsersClient,
  dependency: string,
  status: 'ok' | 'failed',
  withinMs = 10_000,
) {
  const deadline = Date.now() + withinMs;
  let last: unknown;
  while (Date.now() < deadline) {
    const { data, error } = await client.GET('/healthz/dependencies');
    last = data ?? error;
    if ((data ?? error)?.dependencies[dependency]?.status === status) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(
    `/healthz/dependencies did not report ${dependency} ${status} within ${withinMs} ms: ${JSON.stringify(last)}`,
  );
}

/** The path parameter of every `/users/{id}…` operation. */
export function userPath(id: string) {
  return { params: { path: { id } } };
}
