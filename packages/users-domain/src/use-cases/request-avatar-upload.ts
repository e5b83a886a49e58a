import { AvatarTooLargeError, UnsupportedAvatarTypeError, UserNotFoundError } from '../errors.js';
import type { PresignedUpload } from '../ports/avatar-store.js';
import { uploadTokenLifetimeSeconds, uploadUrlLifetimeSeconds } from '../upload-lifetimes.js';
import { stagedUploadKey } from '../user.js';
import { avatarContentTypeSchema } from '../user-schemas.js';
import type { UsersContext } from './context.js';

export interface AvatarUploadGrant {
  readonly upload: PresignedUpload;
  /** Hand back to `completeAvatarUpload` once the file is uploaded. */
  readonly uploadToken: string;
}

/**
 * Grants a direct upload to the object store: a URL bound to the declared size and type that writes
 * a staging object (never the avatar itself), and a sealed token naming the upload, its type and
 * size, for the completion step.
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

  const uploadId = ctx.newId();
  const file = { contentType: contentType.data, size: input.size };
  const upload = await ctx.avatars.presignUpload(
    stagedUploadKey(input.userId, uploadId),
    file,
    uploadUrlLifetimeSeconds,
  );
  const expiresAt = ctx.now().getTime() + uploadTokenLifetimeSeconds * 1000;
  return { upload, uploadToken: ctx.uploadTokens.encode({ userId: input.userId, uploadId, ...file, expiresAt }) };
}
