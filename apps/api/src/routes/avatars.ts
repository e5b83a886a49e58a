import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { getAvatarUrl, removeAvatar, uploadAvatar, userIdSchema, type UsersContext } from '@platform/users-domain';
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../http/app-env.js';
import { limitDeclaredBody, requireMultipart } from '../http/body-rules.js';
import { expectedVersions } from '../http/entity-tag.js';
import { streamForm } from '../http/multipart-file.js';
import { HttpProblem } from '../http/problem.js';
import { streamedBody } from '../http/request-body.js';
import { limitConcurrentUploads } from '../http/upload-slots.js';
import { changeAvatar, imageChecks } from './avatar-change.js';
import { registerDirectUploadRoutes } from './avatar-direct-upload.js';
import { logLeftovers } from './log-leftovers.js';
import { IfMatchHeaders, problems, requiresApiKey, userEntityTag, UserIdParams, UserSchema } from './schemas.js';

const binary = { schema: { type: 'string' as const, format: 'binary' } };
const multipartOverheadBytes = 64 * 1024;

const putAvatarRoute = (maxBytes: number, slots: MiddlewareHandler<AppEnv>) =>
  createRoute({
    method: 'put',
    path: '/users/{id}/avatar',
    operationId: 'uploadAvatar',
    tags: ['avatars'],
    summary: 'Upload the avatar as the raw request body',
    description: `${imageChecks} At most ${maxBytes} bytes; the body streams to storage as it arrives. 503 with Retry-After when the instance is already running UPLOAD_CONCURRENCY uploads.`,
    security: requiresApiKey,
    middleware: [slots, limitDeclaredBody(maxBytes)] as const,
    request: {
      params: UserIdParams,
      body: { required: true, content: { 'application/octet-stream': binary, 'image/*': binary } },
    },
    responses: {
      200: {
        description: 'The user with its new avatar, and its new ETag',
        headers: userEntityTag,
        content: { 'application/json': { schema: UserSchema } },
      },
      ...problems(400, 401, 404, 413, 415, 422, 503),
    },
  });

const multipartUploadRoute = (maxBytes: number, slots: MiddlewareHandler<AppEnv>) =>
  createRoute({
    method: 'post',
    path: '/upload',
    operationId: 'uploadAvatarForm',
    deprecated: true,
    tags: ['avatars'],
    summary: 'Upload an avatar as multipart form data (original path)',
    description: `${imageChecks} At most ${maxBytes} bytes. The file streams to storage as it arrives, so \`user_id\` must come before \`file\` in the form.`,
    security: requiresApiKey,
    middleware: [slots, limitDeclaredBody(maxBytes + multipartOverheadBytes), requireMultipart()] as const,
    request: {
      body: {
        required: true,
        content: {
          // A plain schema, so no validator reads the form whole: the handler streams it.
          'multipart/form-data': {
            schema: {
              type: 'object',
              required: ['user_id', 'file'],
              properties: {
                user_id: { type: 'string', format: 'uuid' },
                file: { type: 'string', format: 'binary' },
              },
            },
          },
        },
      },
    },
    responses: {
      200: {
        description: 'The user with its new avatar, and its new ETag',
        headers: userEntityTag,
        content: { 'application/json': { schema: UserSchema } },
      },
      ...problems(400, 401, 404, 413, 415, 422, 503),
    },
  });

const getAvatarRoute = createRoute({
  method: 'get',
  path: '/users/{id}/avatar',
  operationId: 'getAvatar',
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

const deleteAvatarRoute = createRoute({
  method: 'delete',
  path: '/users/{id}/avatar',
  operationId: 'deleteUserAvatar',
  tags: ['avatars'],
  summary: "Remove the user's avatar",
  description:
    "The user stops pointing at the avatar (one conditional update: the user's ETag changes), then the file is removed from storage; if storage fails, the user is still without an avatar and the file is left for the avatar sweeper. A user without an avatar is left as it is: 204 again, nothing changed.",
  security: requiresApiKey,
  request: { params: UserIdParams, headers: IfMatchHeaders },
  responses: { 204: { description: 'The user has no avatar' }, ...problems(400, 401, 404, 412, 503) },
});

/** The declared length of a body that is not chunked, if any. */
function declaredLength(c: Context<AppEnv>): number | undefined {
  const header = c.req.header('content-length');
  return header !== undefined && !c.req.header('transfer-encoding') && /^\d+$/.test(header)
    ? Number(header)
    : undefined;
}

/** The user id and the file of a multipart upload, the file still streaming; 400 listing what is missing. */
async function multipartUpload(c: Context<AppEnv>) {
  const { fields, file } = await streamForm(c.req.header('content-type') ?? '', streamedBody(c), 'file');
  const userId = userIdSchema.safeParse(fields.user_id);
  const errors = [
    ...(userId.success
      ? []
      : [
          {
            field: 'form.user_id',
            message:
              fields.user_id === undefined
                ? 'must come before the file'
                : (userId.error.issues[0]?.message ?? 'invalid'),
          },
        ]),
    ...(file ? [] : [{ field: 'form.file', message: 'must be a file' }]),
  ];
  if (!userId.success || !file) {
    throw new HttpProblem(400, 'Bad Request', `The request has ${errors.length} invalid field(s).`, {
      errors,
      headers: { Connection: 'close' },
      code: 'REQUEST.INVALID',
    });
  }
  return { userId: userId.data, file };
}

/**
 * The avatar routes: upload through the API (raw or multipart, streamed), direct upload to S3
 * (avatar-direct-upload.ts), download and removal. Uploads through the API and /complete share one cap of `uploadConcurrency` at a time.
 */
export function registerAvatarRoutes(
  app: OpenAPIHono<AppEnv>,
  ctx: UsersContext,
  options: { uploadConcurrency: number },
): void {
  const slots = limitConcurrentUploads(options.uploadConcurrency);

  app.openapi(putAvatarRoute(ctx.avatarMaxBytes, slots), async (c) => {
    const body = streamedBody(c);
    const size = declaredLength(c);
    return changeAvatar(c, () =>
      uploadAvatar(ctx, { userId: c.req.valid('param').id, body, ...(size !== undefined && { size }) }),
    );
  });

  app.openapi(multipartUploadRoute(ctx.avatarMaxBytes, slots), async (c) => {
    const { userId, file } = await multipartUpload(c);
    return changeAvatar(c, () => uploadAvatar(ctx, { userId, body: file }));
  });

  registerDirectUploadRoutes(app, ctx, slots);

  app.openapi(getAvatarRoute, async (c) => c.redirect(await getAvatarUrl(ctx, c.req.valid('param').id), 302));

  app.openapi(deleteAvatarRoute, async (c) => {
    const expected = expectedVersions(c.req.valid('header')['if-match']);
    const { leftovers } = await removeAvatar(ctx, c.req.valid('param').id, expected);
    logLeftovers(c, leftovers);
    return c.body(null, 204);
  });
}
