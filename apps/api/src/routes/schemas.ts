import { z } from '@hono/zod-openapi';
import { avatarContentTypeSchema, userIdSchema, type User } from '@platform/users-domain';
import type { Context } from 'hono';
import type { AppEnv } from '../http/app-env.js';
import { entityTagOf } from '../http/entity-tag.js';
import { statusByDomainCode } from '../http/error-handler.js';
import { statusByHttpCode } from '../http/problem-codes.js';
import { getReasonPhrase } from '../http/reason-phrase.js';

/** Every `code` a problem may carry, with its status: the HTTP layer's and the domain's. */
export const statusByProblemCode: Readonly<Record<string, number>> = { ...statusByHttpCode, ...statusByDomainCode };

export const UserSchema = z
  .object({
    id: z.string().openapi({ example: '0b6f3c1e-8a1d-4c8e-9a55-2f4a1d2b3c4d' }),
    name: z.string().openapi({ example: 'Ada Lovelace' }),
    email: z.string().openapi({ example: 'ada@example.com' }),
    createdAt: z.string().openapi({ format: 'date-time' }),
    avatar: z
      .object({ contentType: avatarContentTypeSchema, size: z.number().int(), updatedAt: z.string() })
      .nullable(),
  })
  .openapi('User');

/** A user as clients see it: the avatar's storage key stays on the server. */
export function toUserResponse(user: User): z.infer<typeof UserSchema> {
  const { avatar } = user;
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    createdAt: user.createdAt,
    avatar: avatar && { contentType: avatar.contentType, size: avatar.size, updatedAt: avatar.updatedAt },
  };
}

/** A user as the body of a response, with its ETag. */
export function userResponse<S extends 200 | 201>(
  c: Context<AppEnv>,
  user: User,
  status: S,
  headers: Record<string, string> = {},
) {
  return c.json(toUserResponse(user), status, { ...headers, ETag: entityTagOf(user) });
}

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string(),
    requestId: z.string(),
    code: z.string().openapi({
      description:
        'Stable and machine-readable: branch on this, never on `title` or `detail`. One of: ' +
        Object.entries(statusByProblemCode)
          .map(([code, status]) => `${code} (${status})`)
          .join(', '),
      example: 'USER.NOT_FOUND',
    }),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  })
  .openapi('Problem');

/** The documented error responses: problem+json with the given statuses. */
export function problems(...statuses: number[]) {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      {
        description: problemDescriptions[status] ?? 'Error',
        content: { 'application/problem+json': { schema: ProblemSchema, example: problemExample(status) } },
      },
    ]),
  );
}

/** A problem document as the API sends it for `status`, with the first code of that status. */
export function problemExample(
  status: number,
  code = Object.keys(statusByProblemCode).find((c) => statusByProblemCode[c] === status),
) {
  return {
    type: 'about:blank',
    title: getReasonPhrase(status),
    status,
    detail: problemDescriptions[status] ?? 'Error',
    instance: '/users/0b6f3c1e-8a1d-4c8e-9a55-2f4a1d2b3c4d',
    requestId: '9f1c2d4e-5b6a-4c3d-8e7f-0a1b2c3d4e5f',
    code,
  };
}

const problemDescriptions: Record<number, string> = {
  400: 'Invalid input; `errors` lists the fields',
  401: 'Missing or invalid API key',
  404: 'No such resource',
  409: 'Conflicts with the current state',
  410: 'No longer available',
  412: 'The user changed since the ETag sent in If-Match; nothing was changed. GET it again for its new ETag',
  413: 'Body too large',
  415: 'Unsupported media type',
  422: 'Understood but not processable',
  503: 'A backing service is unavailable; retry after `Retry-After` seconds',
};

// Domain schemas are used as they are, never extended with .openapi(): they may be built before
// @hono/zod-openapi patches zod, and then they lack the method.
export const UserIdParams = z.object({ id: userIdSchema });

/** The `ETag` response header of every response that carries a user, in the OpenAPI document. */
export const userEntityTag = {
  ETag: {
    description:
      "The user's strong entity tag: it changes with every write to the user. Send it back in If-Match to change or delete the user only if no one else has since.",
    schema: { type: 'string' as const, example: '"3"' },
  },
};

/** The optional `If-Match` request header of the operations that change or delete a user. */
export const IfMatchHeaders = z.object({
  'if-match': z.string().optional().openapi({
    description:
      "Makes the request conditional (RFC 9110 §13.1.1): it is carried out only if the user's current ETag is one of those listed (strong comparison: a weak `W/` tag never matches), or for `*` if the user exists; otherwise 412 `USER.VERSION_MISMATCH` and nothing changes. The check and the write are one atomic operation. Without the header the request is unconditional. A header that is not `*` or a list of quoted entity tags is 400 `REQUEST.INVALID_IF_MATCH`.",
    example: '"3"',
  }),
});

/** Marks an operation as requiring the API key, in the OpenAPI document. */
export const requiresApiKey = [{ ApiKey: [] }];

/** The most a JSON request body may hold (413 beyond): users, patches, upload grants and completions are small. */
export const maxJsonBodyBytes = 16 * 1024;
