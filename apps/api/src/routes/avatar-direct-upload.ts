import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import {
  avatarContentTypeSchema,
  completeAvatarUpload,
  requestAvatarUpload,
  type UsersContext,
} from '@platform/users-domain';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../http/app-env.js';
import { limitBody, requireJson } from '../http/body-rules.js';
import { changeAvatar, imageChecks } from './avatar-change.js';
import { maxJsonBodyBytes, problems, requiresApiKey, userEntityTag, UserIdParams, UserSchema } from './schemas.js';

const uploadUrlRoute = createRoute({
  method: 'post',
  path: '/users/{id}/avatar/upload-url',
  operationId: 'createAvatarUploadUrl',
  tags: ['avatars'],
  summary: 'Get a presigned URL to upload the avatar directly to S3',
  description:
    'The URL accepts a PUT of exactly `size` bytes with the given Content-Type, for 10 minutes, to a staging place that is never served. Then call `/complete` with the `uploadToken` (within 25 minutes of this grant).',
  security: requiresApiKey,
  middleware: [limitBody(maxJsonBodyBytes), requireJson()] as const,
  request: {
    params: UserIdParams,
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z.object({
            contentType: z
              .string()
              .max(100)
              .openapi({ enum: [...avatarContentTypeSchema.options] }),
            size: z.number().int().positive(),
          }),
        },
      },
    },
  },
  responses: {
    201: {
      description: 'Where and how to upload',
      content: {
        'application/json': {
          schema: z
            .object({
              uploadUrl: z.string(),
              method: z.literal('PUT'),
              headers: z.record(z.string(), z.string()),
              expiresAt: z.string(),
              uploadToken: z.string(),
            })
            .openapi('AvatarUpload'),
        },
      },
    },
    ...problems(400, 401, 404, 413, 415, 503),
  },
});

const completeUploadRoute = (slots: MiddlewareHandler<AppEnv>) =>
  createRoute({
    method: 'post',
    path: '/users/{id}/avatar/complete',
    operationId: 'completeAvatarUpload',
    tags: ['avatars'],
    summary: 'Check a direct upload and attach it as the avatar',
    description: `Reads the uploaded file from its staging place, checks it (exactly the declared size and type; ${imageChecks}), stores those bytes as the avatar and attaches it. Completing twice is harmless. 409: nothing uploaded yet; 410: the upload expired or was removed and must be repeated; 422: the stored file is not the declared size, or has too many pixels.`,
    security: requiresApiKey,
    middleware: [slots, limitBody(maxJsonBodyBytes), requireJson()] as const,
    request: {
      params: UserIdParams,
      body: {
        required: true,
        content: { 'application/json': { schema: z.object({ uploadToken: z.string().max(2048) }) } },
      },
    },
    responses: {
      200: {
        description: 'The user with its new avatar, and its new ETag',
        headers: userEntityTag,
        content: { 'application/json': { schema: UserSchema } },
      },
      ...problems(400, 401, 404, 409, 410, 413, 415, 422, 503),
    },
  });

/**
 * Direct upload to S3: a presigned URL to a staging place that is never served, then /complete,
 * which checks the staged file and attaches it. /complete takes one of the API's upload `slots`.
 */
export function registerDirectUploadRoutes(
  app: OpenAPIHono<AppEnv>,
  ctx: UsersContext,
  slots: MiddlewareHandler<AppEnv>,
): void {
  app.openapi(uploadUrlRoute, async (c) => {
    const grant = await requestAvatarUpload(ctx, { userId: c.req.valid('param').id, ...c.req.valid('json') });
    const { url, method, headers, expiresAt } = grant.upload;
    return c.json({ uploadUrl: url, method, headers, expiresAt, uploadToken: grant.uploadToken }, 201);
  });

  app.openapi(completeUploadRoute(slots), async (c) =>
    changeAvatar(c, () => completeAvatarUpload(ctx, { userId: c.req.valid('param').id, ...c.req.valid('json') })),
  );
}
