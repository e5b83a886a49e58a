import { describe, expect, it } from 'vitest';
import { createUsersClient } from './index.js';

/** A fetch that records every request and answers each with `answer`. */
function recordingFetch(answer: () => Response) {
  const requests: Request[] = [];
  return {
    requests,
    fetch: async (request: Request) => {
      requests.push(request);
      return answer();
    },
  };
}

const user = { id: 'u1', name: 'Ada', email: 'ada@example.com', createdAt: '2026-01-01T00:00:00Z', avatar: null };

describe('createUsersClient', () => {
  it('sends each request to the base URL with the API key as X-API-Key', async () => {
    const { requests, fetch } = recordingFetch(() => Response.json(user));
    const client = createUsersClient({ baseUrl: 'http://api.test/', apiKey: 'k1', fetch });

    const { data } = await client.GET('/users/{id}', { params: { path: { id: 'u1' } } });

    expect(data).toEqual(user);
    expect(requests[0]!.url).toBe('http://api.test/users/u1');
    expect(requests[0]!.headers.get('x-api-key')).toBe('k1');
  });

  it('leaves an X-API-Key the request sets itself, and sends none without a key', async () => {
    const { requests, fetch } = recordingFetch(() => Response.json(user));
    await createUsersClient({ baseUrl: 'http://api.test', apiKey: 'k1', fetch }).GET('/users/{id}', {
      params: { path: { id: 'u1' } },
      headers: { 'x-api-key': 'other' },
    });
    await createUsersClient({ baseUrl: 'http://api.test', fetch }).GET('/healthz');

    expect(requests.map((request) => request.headers.get('x-api-key'))).toEqual(['other', null]);
  });

  it('returns a problem as `error`, with the response', async () => {
    const problem = { type: 'about:blank', title: 'Not Found', status: 404, code: 'USER.NOT_FOUND' };
    const { fetch } = recordingFetch(() =>
      Response.json(problem, { status: 404, headers: { 'content-type': 'application/problem+json' } }),
    );
    const { data, error, response } = await createUsersClient({ baseUrl: 'http://api.test', fetch }).GET(
      '/users/{id}',
      { params: { path: { id: 'u1' } } },
    );

    expect(data).toBeUndefined();
    expect(error).toEqual(problem);
    expect(response.status).toBe(404);
  });
});
