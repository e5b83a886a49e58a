import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import {
  createUser,
  deleteUser,
  emailSchema,
  findUserByEmail,
  getUser,
  idempotencyKeyLifetimeSeconds,
  listUsers,
  newUserSchema,
  pageLimitSchema,
  updateUser,
  userPatchSchema,
  type UsersContext,
} from '@platform/users-domain';
import type { AppEnv } from '../http/app-env.js';
import { limitBody, requireJson } from '../http/body-rules.js';
import { expectedVersions } from '../http/entity-tag.js';
import { maxIdempotencyKeyLength, readIdempotencyKey } from '../http/idempotency-key.js';
import {
  IfMatchHeaders,
  maxJsonBodyBytes,
  ProblemSchema,
  problemExample,
  problems,
  requiresApiKey,
  toUserResponse,
  userEntityTag,
  UserIdParams,
  userResponse,
  UserSchema,
} from './schemas.js';
import { logLeftovers } from './log-leftovers.js';

const NewUserBody = z
  .object(newUserSchema.shape)
  .openapi('NewUser', { example: { name: 'Ada Lovelace', email: 'ada@example.com' } });

const UserPatchBody = z.strictObject(userPatchSchema.shape).openapi('UserPatch', {
  description:
    'A JSON merge patch (RFC 7396) of the user: `name`, `email` or both, validated and normalised as on create. No other member, and no null (neither can be removed).',
  example: { email: 'ada.lovelace@example.com' },
});

const IdempotencyHeaders = z.object({
  'idempotency-key': z
    .string()
    .optional()
    .openapi({
      description:
        'Makes the create safe to retry (draft-ietf-httpapi-idempotency-key-header): a retry with the same key ' +
        `and body within ${idempotencyKeyLifetimeSeconds / 3600} hours gets the first answer (201, same id and ` +
        'Location) and creates nothing, even when the first answer was lost. The same key with another body ' +
        `gets 422. 1–${maxIdempotencyKeyLength} printable ASCII characters, quoted as an RFC 8941 string or ` +
        'bare; keys are per API key. A UUID per request is a good key.',
      example: '"8e03978e-40d5-43e8-bc93-6894a57f9324"',
    }),
});

const createUserRoute = (path: '/users' | '/user') =>
  createRoute({
    method: 'post',
    path,
    operationId: path === '/users' ? 'createUser' : 'createUserOriginal',
    ...(path === '/user' && { deprecated: true }),
    tags: ['users'],
    summary: path === '/users' ? 'Create a user' : 'Create a user (original path, same as POST /users)',
    security: requiresApiKey,
    middleware: [limitBody(maxJsonBodyBytes), requireJson()] as const,
    request: {
      headers: IdempotencyHeaders,
      body: { required: true, content: { 'application/json': { schema: NewUserBody } } },
    },
    responses: {
      201: {
        description:
          'Created (or, for a retried Idempotency-Key, created by the first request); `Location` names the user',
        headers: { Location: { schema: { type: 'string' } }, ...userEntityTag },
        content: { 'application/json': { schema: UserSchema } },
      },
      ...problems(400, 401, 409, 413, 415),
      422: {
        description: 'The Idempotency-Key was already used with another body (`code` IDEMPOTENCY.KEY_REUSED)',
        content: {
          'application/problem+json': {
            schema: ProblemSchema,
            example: problemExample(422, 'IDEMPOTENCY.KEY_REUSED'),
          },
        },
      },
      ...problems(503),
    },
  });

const listUsersRoute = createRoute({
  method: 'get',
  path: '/users',
  operationId: 'listUsers',
  tags: ['users'],
  summary: 'List users, newest first, a page at a time; or find the user with an email',
  security: requiresApiKey,
  request: {
    query: z
      .object({
        limit: pageLimitSchema,
        cursor: z
          .string()
          .max(1024)
          .optional()
          .openapi({ param: { name: 'cursor', in: 'query' }, description: 'The `nextCursor` of the previous page' }),
        email: z
          .string()
          .pipe(emailSchema)
          .optional()
          .openapi({
            param: { name: 'email', in: 'query' },
            format: 'email',
            maxLength: 254,
            description:
              'Finds the user with this email instead, normalised as on create (trimmed, lower-cased): a page of zero or one user, `nextCursor` null. Not with `cursor`.',
            example: 'ada@example.com',
          }),
      })
      .refine((query) => query.email === undefined || query.cursor === undefined, {
        path: ['cursor'],
        message: 'must not be combined with email: an email lookup is a single page',
      }),
  },
  responses: {
    200: {
      description: 'A page of users; `nextCursor` is null on the last page (and for an email lookup)',
      content: {
        'application/json': {
          schema: z.object({ items: z.array(UserSchema), nextCursor: z.string().nullable() }).openapi('UserPage'),
        },
      },
    },
    ...problems(400, 401, 503),
  },
});

const getUserRoute = createRoute({
  method: 'get',
  path: '/users/{id}',
  operationId: 'getUser',
  tags: ['users'],
  summary: 'Get a user',
  security: requiresApiKey,
  request: { params: UserIdParams },
  responses: {
    200: { description: 'The user', headers: userEntityTag, content: { 'application/json': { schema: UserSchema } } },
    ...problems(400, 401, 404, 503),
  },
});

const updateUserRoute = createRoute({
  method: 'patch',
  path: '/users/{id}',
  operationId: 'updateUser',
  tags: ['users'],
  summary: "Change a user's name and/or email (JSON merge patch)",
  description:
    'A new email moves its reservation in the same transaction as the change: 409 `USER.EMAIL_TAKEN` when another user holds it (in any letter case). A patch that leaves the user as it is changes nothing and answers 200 with the user and its unchanged ETag. An empty patch is 400 `USER.EMPTY_PATCH`; unknown members or null values 400 `REQUEST.INVALID`.',
  security: requiresApiKey,
  middleware: [limitBody(maxJsonBodyBytes), requireJson(['application/merge-patch+json', 'application/json'])] as const,
  request: {
    params: UserIdParams,
    headers: IfMatchHeaders,
    body: {
      required: true,
      content: {
        'application/merge-patch+json': { schema: UserPatchBody },
        'application/json': { schema: UserPatchBody },
      },
    },
  },
  responses: {
    200: {
      description: 'The user as changed, with its new ETag',
      headers: userEntityTag,
      content: { 'application/json': { schema: UserSchema } },
    },
    ...problems(400, 401, 404, 409, 412, 413, 415, 503),
  },
});

const deleteUserRoute = createRoute({
  method: 'delete',
  path: '/users/{id}',
  operationId: 'deleteUser',
  tags: ['users'],
  summary: 'Delete a user, its email reservation and its avatar',
  security: requiresApiKey,
  request: { params: UserIdParams, headers: IfMatchHeaders },
  responses: { 204: { description: 'Deleted' }, ...problems(400, 401, 404, 412, 503) },
});

/** The users routes: create, list (or find by email), get, change and delete. */
export function registerUserRoutes(app: OpenAPIHono<AppEnv>, ctx: UsersContext): void {
  for (const path of ['/users', '/user'] as const) {
    app.openapi(createUserRoute(path), async (c) => {
      const idempotency = readIdempotencyKey(c.req.valid('header')['idempotency-key'], c.req.header('x-api-key') ?? '');
      const user = await createUser(ctx, c.req.valid('json'), idempotency);
      return userResponse(c, user, 201, { Location: `/users/${user.id}` });
    });
  }

  app.openapi(listUsersRoute, async (c) => {
    const { limit, cursor, email } = c.req.valid('query');
    const page = email === undefined ? await listUsers(ctx, { limit, cursor }) : await findUserByEmail(ctx, email);
    return c.json({ items: page.users.map(toUserResponse), nextCursor: page.nextCursor }, 200);
  });

  app.openapi(getUserRoute, async (c) => userResponse(c, await getUser(ctx, c.req.valid('param').id), 200));

  app.openapi(updateUserRoute, async (c) => {
    const expected = expectedVersions(c.req.valid('header')['if-match']);
    const user = await updateUser(ctx, c.req.valid('param').id, c.req.valid('json'), expected);
    return userResponse(c, user, 200);
  });

  app.openapi(deleteUserRoute, async (c) => {
    const expected = expectedVersions(c.req.valid('header')['if-match']);
    const { leftovers } = await deleteUser(ctx, c.req.valid('param').id, expected);
    logLeftovers(c, leftovers);
    return c.body(null, 204);
  });
}
