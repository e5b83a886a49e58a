import { AvatarTooLargeError, UnsupportedAvatarTypeError, UserNotFoundError } from '../errors.js';
import type { PresignedUpload } from '../ports/avatar-store.js';
import { avatarKey } from '../user.js';
import { avatarContentTypeSchema } from '../user-schemas.js';
import type { UsersContext } from './context.js';

/** How long the presigned upload URL is valid. */
export const uploadUrlLifetimeSeconds = 10 * 60;
/** How long after the URL expires the upload may still be completed. */
export const uploadCompletionGraceSeconds = 15 * 60;

export interface AvatarUploadGrant {
  readonly upload: PresignedUpload;
  /** Hand back to `completeAvatarUpload` once the file is uploaded. */
  readonly uploadToken: string;
}

/**
 * Grants a direct upload to the object store: a URL bound to the declared size and type, and a
 * sealed token that names the server-chosen key for the completion step.
 * @throws UnsupportedAvatarTypeError, AvatarTooLargeError, UserNotFoundError
 */
export async function requestAvatarUpload(
  ctx: Pick<UsersContext, 'users' | 'avatars' | 'uploadTokens' | 'now' | 'newId' | 'avatarMaxBytes'>,
  input: { userId: string; contentType: string; size: number },
): Promise<AvatarUploadGrant> {
  const contentType = avatarContentTypeSchema.safeParse(input.contentType);
  if (!contentType.success)
    throw new UnsupportedAvatarTypeError(`${input.contentType} is not accepted; send PNG, JPEG, WebP or GIF.`);
  if (input.size > ctx.avatarMaxBytes) throw new AvatarTooLargeError(ctx.avatarMaxBytes);
  if (!(await ctx.users.findById(input.userId))) throw new UserNotFoundError(input.userId);

  const key = avatarKey(input.userId, ctx.newId());
  const upload = await ctx.avatars.presignUpload(
    key,
    { contentType: contentType.data, size: input.size },
    uploadUrlLifetimeSeconds,
  );
  const expiresAt = ctx.now().getTime() + (uploadUrlLifetimeSeconds + uploadCompletionGraceSeconds) * 1000;
  return { upload, uploadToken: ctx.uploadTokens.encode({ userId: input.userId, key, expiresAt }) };
}
