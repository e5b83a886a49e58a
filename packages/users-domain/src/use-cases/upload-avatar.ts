import { AvatarTooLargeError, UnsupportedAvatarTypeError, UserNotFoundError } from '../errors.js';
import { inspectImage, type VerifiedImage } from '../image-check.js';
import { UploadProbe } from '../upload-probe.js';
import { avatarKey, stagedUploadKey } from '../user.js';
import { attachAvatar, type AvatarChange } from './attach-avatar.js';
import type { UsersContext } from './context.js';
import { discardObject } from './discard-object.js';
import { withLeftovers } from './left-for-sweeper.js';

type Ctx = Pick<UsersContext, 'users' | 'avatars' | 'now' | 'newId' | 'avatarMaxBytes' | 'avatarMaxPixels'>;

/** Removes the staged object, then throws the error, naming the object if it could not be removed. */
async function failStaged(ctx: Ctx, stagingKey: string, error: unknown): Promise<never> {
  const leftover = await discardObject(ctx.avatars, stagingKey);
  throw withLeftovers(error, leftover ? [leftover] : []);
}

/** Whether the user is known to be deleted (false when that cannot be told). */
async function userIsGone(ctx: Ctx, userId: string): Promise<boolean> {
  try {
    return !(await ctx.users.findById(userId));
  } catch {
    return false;
  }
}

/** Streams the body to its staging key, watching it; returns what the watch saw of the file. */
async function stage(ctx: Ctx, stagingKey: string, body: AsyncIterable<Uint8Array>, size?: number) {
  const probe = new UploadProbe(ctx.avatarMaxBytes);
  try {
    await ctx.avatars.putStream(stagingKey, probe.watch(body), size);
  } catch (error) {
    // The store reports the stream's failure in its own words: say what really happened.
    if (probe.exceeded) return failStaged(ctx, stagingKey, new AvatarTooLargeError(ctx.avatarMaxBytes));
    return failStaged(ctx, stagingKey, probe.sourceError ?? error);
  }
  return probe.sample();
}

/**
 * Stores an uploaded image as the user's avatar without holding it in memory: the body streams to a
 * staging key of its own (which no upload URL names), counted and sampled on the way; the sample is
 * checked (`inspectImage`); then the store copies the staged object to the avatar's key, served as
 * the verified type, right before the record points at it, and the staged object is removed.
 * Nothing is attached, and nothing kept, for a user that does not exist (the conditional update
 * says so; the file is checked first, so a refused file answers before a missing user) or a file
 * that is refused.
 * `size`, when the client declared it, is the body's exact length.
 * @throws AvatarTooLargeError, UnsupportedAvatarTypeError, ImageTooLargeError, UserNotFoundError
 */
export async function uploadAvatar(
  ctx: Ctx,
  input: { userId: string; body: AsyncIterable<Uint8Array>; size?: number },
): Promise<AvatarChange> {
  const { userId, body, size } = input;
  if (size !== undefined && size > ctx.avatarMaxBytes) throw new AvatarTooLargeError(ctx.avatarMaxBytes);
  // No read of the user first: the record's update is conditioned on the user existing, and when it
  // is refused the new objects are removed (attachAvatar) — the same answer, one AWS call fewer.

  const stagingKey = stagedUploadKey(userId, ctx.newId());
  const sample = await stage(ctx, stagingKey, body, size);
  let image: VerifiedImage;
  try {
    if (sample.size === 0) throw new UnsupportedAvatarTypeError('The file is empty.');
    image = inspectImage(sample, ctx.avatarMaxPixels);
  } catch (error) {
    return failStaged(ctx, stagingKey, error);
  }

  // The final key is written right before the record points at it, as the sweeper's grace assumes.
  const key = avatarKey(userId, ctx.newId());
  try {
    await ctx.avatars.copy(stagingKey, key, image.contentType);
  } catch (error) {
    // Deleting the user removes its staged files, so the copy finds no source: say so, keep nothing.
    if (await userIsGone(ctx, userId)) {
      const leftovers = await Promise.all([discardObject(ctx.avatars, key), discardObject(ctx.avatars, stagingKey)]);
      throw withLeftovers(
        new UserNotFoundError(userId),
        leftovers.filter((left) => left !== undefined),
      );
    }
    // A copy whose answer was lost may have stored the avatar: it is named for the sweeper.
    const leftover = await discardObject(ctx.avatars, stagingKey);
    throw withLeftovers(error, [{ key, error }, ...(leftover ? [leftover] : [])]);
  }
  const avatar = { key, contentType: image.contentType, size: sample.size, updatedAt: ctx.now().toISOString() };
  try {
    // The staged object goes in the same request as the avatar replaced, if any.
    return await attachAvatar(ctx, userId, avatar, [stagingKey]);
  } catch (error) {
    return failStaged(ctx, stagingKey, error);
  }
}
