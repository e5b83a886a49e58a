import { AvatarTooLargeError, UnsupportedAvatarTypeError } from '../errors.js';
import { inspectImage, type VerifiedImage } from '../image-check.js';
import { detectImageType, imageSignatureLength } from '../image-type.js';
import { readAhead } from '../read-ahead.js';
import { UploadProbe } from '../upload-probe.js';
import { avatarKey } from '../user.js';
import { attachAvatar, type AvatarChange } from './attach-avatar.js';
import type { UsersContext } from './context.js';
import { discardObject } from './discard-object.js';
import { withLeftovers } from './left-for-sweeper.js';

type Ctx = Pick<UsersContext, 'users' | 'avatars' | 'now' | 'newId' | 'avatarMaxBytes' | 'avatarMaxPixels'>;

/** Removes the object just written, then throws the error, naming the object if it could not be removed. */
async function failWritten(ctx: Ctx, key: string, error: unknown): Promise<never> {
  const leftover = await discardObject(ctx.avatars, key);
  throw withLeftovers(error, leftover ? [leftover] : []);
}

/**
 * The file's type, told from its first bytes before anything is stored, and the whole file still
 * to stream; a file no image type starts like is refused here, having cost no AWS call.
 */
async function typedFile(ctx: Ctx, probe: UploadProbe, body: AsyncIterable<Uint8Array>) {
  let ahead;
  try {
    ahead = await readAhead(probe.watch(body), imageSignatureLength);
  } catch (error) {
    throw probe.exceeded ? new AvatarTooLargeError(ctx.avatarMaxBytes) : error;
  }
  const contentType = detectImageType(ahead.head);
  if (!contentType) {
    await ahead.close();
    throw new UnsupportedAvatarTypeError(ahead.head.length === 0 ? 'The file is empty.' : undefined);
  }
  return { contentType, stream: ahead.stream };
}

/**
 * Stores an uploaded image as the user's avatar without holding it in memory: its type is told
 * from its first bytes, then the body streams straight to a new avatar key, served as that type,
 * counted and sampled on the way (`UploadProbe`); the sample is checked as a whole image
 * (`inspectImage`) and only then does the record point at the object (one conditional update,
 * which also says whether the user exists), and the avatar it replaced is removed. A refused file,
 * or a user that does not exist (the file is checked first, so a refused file answers before a
 * missing user), keeps nothing: the object written is removed, or named as left for the sweeper
 * when that removal fails. The object exists for at most the request's duration before the record
 * points at it, well within the sweeper's grace. `size`, when the client declared it, is the
 * body's exact length.
 * @throws AvatarTooLargeError, UnsupportedAvatarTypeError, ImageTooLargeError, UserNotFoundError
 */
export async function uploadAvatar(
  ctx: Ctx,
  input: { userId: string; body: AsyncIterable<Uint8Array>; size?: number },
): Promise<AvatarChange> {
  const { userId, body, size } = input;
  if (size !== undefined && size > ctx.avatarMaxBytes) throw new AvatarTooLargeError(ctx.avatarMaxBytes);
  // No read of the user first: the record's update is conditioned on the user existing, and when it
  // is refused the new object is removed (attachAvatar) — the same answer, one AWS call fewer.
  const probe = new UploadProbe(ctx.avatarMaxBytes);
  const { contentType, stream } = await typedFile(ctx, probe, body);

  const key = avatarKey(userId, ctx.newId());
  try {
    await ctx.avatars.putStream(key, stream, contentType, size);
  } catch (error) {
    // The store reports the stream's failure in its own words: say what really happened. A write
    // whose answer was lost may have stored the object, so it is removed either way.
    if (probe.exceeded) return failWritten(ctx, key, new AvatarTooLargeError(ctx.avatarMaxBytes));
    return failWritten(ctx, key, probe.sourceError ?? error);
  }
  const sample = probe.sample();
  let image: VerifiedImage;
  try {
    image = inspectImage(sample, ctx.avatarMaxPixels);
  } catch (error) {
    return failWritten(ctx, key, error);
  }
  const avatar = { key, contentType: image.contentType, size: sample.size, updatedAt: ctx.now().toISOString() };
  return attachAvatar(ctx, userId, avatar);
}
