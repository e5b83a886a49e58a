import { AvatarTooLargeError, UnsupportedAvatarTypeError, UserNotFoundError } from '../errors.js';
import { detectImageType } from '../image-type.js';
import { avatarKey } from '../user.js';
import { storeAndAttach, type AvatarChange } from './attach-avatar.js';
import type { UsersContext } from './context.js';

/**
 * Stores an uploaded image as the user's avatar. The type is judged by the file's magic bytes;
 * nothing is written for a user that does not exist or a file that is refused.
 * @throws AvatarTooLargeError, UnsupportedAvatarTypeError, UserNotFoundError
 */
export async function uploadAvatar(
  ctx: Pick<UsersContext, 'users' | 'avatars' | 'now' | 'newId' | 'avatarMaxBytes'>,
  input: { userId: string; body: Uint8Array },
): Promise<AvatarChange> {
  const { userId, body } = input;
  if (body.byteLength > ctx.avatarMaxBytes) throw new AvatarTooLargeError(ctx.avatarMaxBytes);
  if (body.byteLength === 0) throw new UnsupportedAvatarTypeError('The file is empty.');
  const contentType = detectImageType(body);
  if (!contentType) throw new UnsupportedAvatarTypeError();
  if (!(await ctx.users.findById(userId))) throw new UserNotFoundError(userId);

  // The final key is written right before the record points at it, as the sweeper's grace assumes.
  const key = avatarKey(userId, ctx.newId());
  const avatar = { key, contentType, size: body.byteLength, updatedAt: ctx.now().toISOString() };
  return storeAndAttach(ctx, userId, avatar, body);
}
