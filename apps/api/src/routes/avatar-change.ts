import { leftoversOf, type AvatarChange } from '@platform/users-domain';
import type { Context } from 'hono';
import type { AppEnv } from '../http/app-env.js';
import { logLeftovers } from './log-leftovers.js';
import { userResponse } from './schemas.js';

/** What every route that takes an avatar file accepts, as its OpenAPI description says. */
export const imageChecks =
  'Accepted: a whole PNG, JPEG, WebP or GIF image (judged by its content, never by a claimed type: its header is parsed and its end checked), of at most AVATAR_MAX_PIXELS pixels (422 beyond).';

/**
 * Runs an avatar change and answers with the user. Every object it left in the store — also when
 * it failed, e.g. a record update with an unknown outcome — is logged with its key, then the
 * error goes on to the error handler.
 */
export async function changeAvatar(c: Context<AppEnv>, change: () => Promise<AvatarChange>) {
  try {
    const { user, leftovers } = await change();
    logLeftovers(c, leftovers);
    return userResponse(c, user, 200);
  } catch (error) {
    logLeftovers(c, leftoversOf(error));
    throw error;
  }
}
