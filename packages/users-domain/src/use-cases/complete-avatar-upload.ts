import {
  AvatarTooLargeError,
  InvalidUploadTokenError,
  UnsupportedAvatarTypeError,
  UploadExpiredError,
  UploadNotReceivedError,
  UploadSizeMismatchError,
  UserNotFoundError,
} from '../errors.js';
import { inspectImage, wholeFileSample } from '../image-check.js';
import type { UploadGrant } from '../upload-token.js';
import { uploadCompletionGraceSeconds } from '../upload-lifetimes.js';
import { avatarKey, stagedUploadKey, type AvatarContentType } from '../user.js';
import { storeAndAttach, type AvatarChange } from './attach-avatar.js';
import type { UsersContext } from './context.js';
import { discardObject } from './discard-object.js';
import { withLeftovers } from './left-for-sweeper.js';

type Ctx = Pick<UsersContext, 'users' | 'avatars' | 'uploadTokens' | 'now' | 'avatarMaxBytes' | 'avatarMaxPixels'>;

/** Removes a staged file that was refused, then throws why; a failed removal is left to the sweeper. */
async function refuse(ctx: Ctx, stagingKey: string, error: Error): Promise<never> {
  const leftover = await discardObject(ctx.avatars, stagingKey);
  throw withLeftovers(error, leftover ? [leftover] : []);
}

/** The staged bytes, checked against the grant (its exact size, its declared type) and as a whole image (`inspectImage`). */
async function verifiedStagedFile(ctx: Ctx, grant: UploadGrant, stagingKey: string) {
  const staged = await ctx.avatars.read(stagingKey, ctx.avatarMaxBytes);
  if (!staged) {
    const urlExpired = ctx.now().getTime() > grant.expiresAt - uploadCompletionGraceSeconds * 1000;
    throw urlExpired ? new UploadExpiredError() : new UploadNotReceivedError();
  }
  if (!staged.bytes) return refuse(ctx, stagingKey, new AvatarTooLargeError(ctx.avatarMaxBytes));
  const bytes = staged.bytes;
  // The emulator does not enforce a presigned Content-Length, and a replay may have replaced the file.
  if (bytes.byteLength !== grant.size)
    return refuse(ctx, stagingKey, new UploadSizeMismatchError(grant.size, bytes.byteLength));
  let contentType: AvatarContentType;
  try {
    ({ contentType } = inspectImage(wholeFileSample(bytes), ctx.avatarMaxPixels));
  } catch (error) {
    return refuse(ctx, stagingKey, error as Error);
  }
  if (contentType !== grant.contentType)
    return refuse(
      ctx,
      stagingKey,
      new UnsupportedAvatarTypeError(`The upload was declared as ${grant.contentType} but the file is ${contentType}.`),
    );
  return { bytes, contentType };
}

/**
 * Checks a direct upload in its staging object and makes it the avatar: the verified bytes are
 * written to the avatar's own key (derived from the upload id, which no presigned URL can write),
 * the record is pointed at it, then the staging object is removed. A replay of the upload URL or a
 * late PUT only ever touches staging. Completing the same upload twice is harmless: the second
 * time finds the record already pointing at it.
 * @throws InvalidUploadTokenError, UploadNotReceivedError, UploadExpiredError, UploadSizeMismatchError,
 * AvatarTooLargeError, UnsupportedAvatarTypeError, ImageTooLargeError, UserNotFoundError
 */
export async function completeAvatarUpload(
  ctx: Ctx,
  input: { userId: string; uploadToken: string },
): Promise<AvatarChange> {
  const grant = ctx.uploadTokens.decode(input.uploadToken);
  if (grant.userId !== input.userId) throw new InvalidUploadTokenError('it was issued for another user.');
  if (grant.expiresAt < ctx.now().getTime())
    throw new InvalidUploadTokenError('it has expired; request a new upload URL.');

  const stagingKey = stagedUploadKey(input.userId, grant.uploadId);
  const user = await ctx.users.findById(input.userId);
  // A file uploaded after its user was deleted: nothing can ever use it.
  if (!user) return refuse(ctx, stagingKey, new UserNotFoundError(input.userId));
  const key = avatarKey(input.userId, grant.uploadId);
  if (user.avatar?.key === key) return { user, leftovers: [] };

  const { bytes, contentType } = await verifiedStagedFile(ctx, grant, stagingKey);
  const avatar = { key, contentType, size: bytes.byteLength, updatedAt: ctx.now().toISOString() };
  // The staged object goes in the same request as the avatar replaced, if any.
  return storeAndAttach(ctx, input.userId, avatar, bytes, [stagingKey]);
}
