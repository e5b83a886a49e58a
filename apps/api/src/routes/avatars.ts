import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import {
  avatarContentTypeSchema,
  completeAvatarUpload,
  getAvatarUrl,
  leftoversOf,
  requestAvatarUpload,
  uploadAvatar,
  userIdSchema,
  type AvatarChange,
  type UsersContext,
} from '@platform/users-domain';
import type { Context } from 'hono';
import type { AppEnv } from '../http/app-env.js';
import { limitBody, requireJson, requireMultipart } from '../http/body-rules.js';
import { logLeftovers } from './log-leftovers.js';
import { problems, requiresApiKey, toUserResponse, UserIdParams, UserSchema } from './schemas.js';

const binary = { schema: { type: 'string' as const, format: 'binary' } };
const multipartOverheadBytes = 64 * 1024;

const putAvatarRoute = (maxBytes: number) =>
  createRoute({
    method: 'put',
    path: '/users/{id}/avatar',
    tags: ['avatars'],
    summary: 'Upload the avatar as the raw request body',
    description: `PNG, JPEG, WebP or GIF, judged by the file's content; at most ${maxBytes} bytes.`,
    security: requiresApiKey,
    middleware: [limitBody(maxBytes)] as const,
    request: {
      params: UserIdParams,
      body: { required: true, content: { 'application/octet-stream': binary, 'image/*': binary } },
    },
    responses: {
      200: { description: 'The user with its new avatar', content: { 'application/json': { schema: UserSchema } } },
      ...problems(400, 401, 404, 413, 415, 503),
    },
  });

const multipartUploadRoute = (maxBytes: number) =>
  createRoute({
    method: 'post',
    path: '/upload',
    tags: ['avatars'],
    summary: 'Upload an avatar as multipart form data (original path)',
    security: requiresApiKey,
    middleware: [limitBody(maxBytes + multipartOverheadBytes), requireMultipart()] as const,
    request: {
      body: {
        required: true,
        content: {
          'multipart/form-data': {
            schema: z.object({
              user_id: userIdSchema,
              file: z
                .custom<File>((value) => value instanceof File, 'must be a file')
                .openapi({ type: 'string', format: 'binary' }),
            }),
          },
        },
      },
    },
    responses: {
      200: { description: 'The user with its new avatar', content: { 'application/json': { schema: UserSchema } } },
      ...problems(400, 401, 404, 413, 415, 503),
    },
  });

const uploadUrlRoute = createRoute({
  method: 'post',
  path: '/users/{id}/avatar/upload-url',
  tags: ['avatars'],
  summary: 'Get a presigned URL to upload the avatar directly to S3',
  description:
    'The URL accepts a PUT of exactly `size` bytes with the given Content-Type, for 10 minutes, to a staging place that is never served. Then call `/complete` with the `uploadToken` (within 25 minutes of this grant).',
  security: requiresApiKey,
  middleware: [limitBody(16 * 1024), requireJson()] as const,
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

const completeUploadRoute = createRoute({
  method: 'post',
  path: '/users/{id}/avatar/complete',
  tags: ['avatars'],
  summary: 'Check a direct upload and attach it as the avatar',
  description:
    'Reads the uploaded file from its staging place, checks it (exactly the declared size and type, an image by its content), stores those bytes as the avatar and attaches it. Completing twice is harmless. 409: nothing uploaded yet; 410: the upload expired or was removed and must be repeated; 422: the stored file is not the declared size.',
  security: requiresApiKey,
  middleware: [limitBody(16 * 1024), requireJson()] as const,
  request: {
    params: UserIdParams,
    body: {
      required: true,
      content: { 'application/json': { schema: z.object({ uploadToken: z.string().max(2048) }) } },
    },
  },
  responses: {
    200: { description: 'The user with its new avatar', content: { 'application/json': { schema: UserSchema } } },
    ...problems(400, 401, 404, 409, 410, 413, 415, 422, 503),
  },
});

const getAvatarRoute = createRoute({
  method: 'get',
  path: '/users/{id}/avatar',
  tags: ['avatars'],
  summary: 'Redirect to a short-lived URL of the avatar',
  security: requiresApiKey,
  request: { params: UserIdParams },
  responses: {
    302: {
      description: 'Redirect to a presigned URL valid for 5 minutes',
      headers: { Location: { schema: { type: 'string' } } },
    },
    ...problems(400, 401, 404, 503),
  },
});

/**
 * Runs an avatar change and answers with the user. Every object it left in the store — also when
 * it failed, e.g. a record update with an unknown outcome — is logged with its key, then the
 * error goes on to the error handler.
 */
async function changeAvatar(c: Context<AppEnv>, change: () => Promise<AvatarChange>) {
  try {
    const { user, leftovers } = await change();
    logLeftovers(c, leftovers);
    return c.json(toUserResponse(user), 200);
  } catch (error) {
    logLeftovers(c, leftoversOf(error));
    throw error;
  }
}

/** The avatar routes: upload through the API (raw or multipart), direct upload to S3, and download. */
export function registerAvatarRoutes(app: OpenAPIHono<AppEnv>, ctx: UsersContext): void {
  app.openapi(putAvatarRoute(ctx.avatarMaxBytes), async (c) => {
    const body = new Uint8Array(await c.req.arrayBuffer());
    return changeAvatar(c, () => uploadAvatar(ctx, { userId: c.req.valid('param').id, body }));
  });

  app.openapi(multipartUploadRoute(ctx.avatarMaxBytes), async (c) => {
    const { user_id: userId, file } = c.req.valid('form');
    const body = new Uint8Array(await file.arrayBuffer());
    return changeAvatar(c, () => uploadAvatar(ctx, { userId, body }));
  });

  app.openapi(uploadUrlRoute, async (c) => {
    const grant = await requestAvatarUpload(ctx, { userId: c.req.valid('param').id, ...c.req.valid('json') });
    const { url, method, headers, expiresAt } = grant.upload;
    return c.json({ uploadUrl: url, method, headers, expiresAt, uploadToken: grant.uploadToken }, 201);
  });

  app.openapi(completeUploadRoute, async (c) =>
    changeAvatar(c, () => completeAvatarUpload(ctx, { userId: c.req.valid('param').id, ...c.req.valid('json') })),
  );

  app.openapi(getAvatarRoute, async (c) => c.redirect(await getAvatarUrl(ctx, c.req.valid('param').id), 302));
}
