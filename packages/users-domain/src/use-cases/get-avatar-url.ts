import { AvatarNotFoundError } from '../errors.js';
import type { UsersContext } from './context.js';
import { getUser } from './get-user.js';

/** How long a download URL for an avatar is valid. */
export const avatarDownloadLifetimeSeconds = 5 * 60;

/** A short-lived URL to the user's avatar. @throws UserNotFoundError, AvatarNotFoundError */
export async function getAvatarUrl(ctx: Pick<UsersContext, 'users' | 'avatars'>, userId: string): Promise<string> {
  const user = await getUser(ctx, userId);
  if (!user.avatar) throw new AvatarNotFoundError(userId);
  return ctx.avatars.presignDownload(user.avatar.key, avatarDownloadLifetimeSeconds, user.avatar.contentType);
}
