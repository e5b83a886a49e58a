import {
  AvatarTooLargeError,
  InvalidUploadTokenError,
  UnsupportedAvatarTypeError,
  UploadNotReceivedError,
  UserNotFoundError,
} from '../errors.js';
import { detectImageType, imageSignatureLength } from '../image-type.js';
import { attachAvatar, type AvatarChange } from './attach-avatar.js';
import type { UsersContext } from './context.js';
import { discardObject } from './discard-object.js';

/**
 * Checks a direct upload and attaches it. A file that is too large or not an accepted image is
 * removed from the store. Completing the same upload twice is harmless.
 * @throws InvalidUploadTokenError, UploadNotReceivedError, AvatarTooLargeError, UnsupportedAvatarTypeError, UserNotFoundError
 */
export async function completeAvatarUpload(
  ctx: Pick<UsersContext, 'users' | 'avatars' | 'uploadTokens' | 'now' | 'avatarMaxBytes'>,
  input: { userId: string; uploadToken: string },
): Promise<AvatarChange> {
  const grant = ctx.uploadTokens.decode(input.uploadToken);
  if (grant.userId !== input.userId) throw new InvalidUploadTokenError('it was issued for another user.');
  if (grant.expiresAt < ctx.now().getTime())
    throw new InvalidUploadTokenError('it has expired; request a new upload URL.');

  const user = await ctx.users.findById(input.userId);
  if (!user) throw new UserNotFoundError(input.userId);
  if (user.avatar?.key === grant.key) return { user };

  const stored = await ctx.avatars.inspect(grant.key, imageSignatureLength);
  if (!stored) throw new UploadNotReceivedError();
  if (stored.size > ctx.avatarMaxBytes) {
    await discardObject(ctx.avatars, grant.key);
    throw new AvatarTooLargeError(ctx.avatarMaxBytes);
  }
  const contentType = detectImageType(stored.head);
  if (!contentType) {
    await discardObject(ctx.avatars, grant.key);
    throw new UnsupportedAvatarTypeError();
  }
  return attachAvatar(ctx, input.userId, {
    key: grant.key,
    contentType,
    size: stored.size,
    updatedAt: ctx.now().toISOString(),
  });
}
