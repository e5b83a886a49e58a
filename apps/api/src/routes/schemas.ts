import { z } from '@hono/zod-openapi';
import { avatarContentTypeSchema, userIdSchema, type User } from '@platform/users-domain';

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

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string(),
    requestId: z.string(),
    code: z.string().optional(),
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
        content: { 'application/problem+json': { schema: ProblemSchema } },
      },
    ]),
  );
}

const problemDescriptions: Record<number, string> = {
  400: 'Invalid input; `errors` lists the fields',
  401: 'Missing or invalid API key',
  404: 'No such resource',
  409: 'Conflicts with the current state',
  413: 'Body too large',
  415: 'Unsupported media type',
  503: 'A backing service is unavailable; retry after `Retry-After` seconds',
};

// Domain schemas are used as they are, never extended with .openapi(): they may be built before
// @hono/zod-openapi patches zod, and then they lack the method.
export const UserIdParams = z.object({ id: userIdSchema });

/** Marks an operation as requiring the API key, in the OpenAPI document. */
export const requiresApiKey = [{ ApiKey: [] }];
