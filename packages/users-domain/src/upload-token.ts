import { z } from 'zod';
import { InvalidUploadTokenError } from './errors.js';
import type { Signer } from './ports/signer.js';
import { createTokenSealer } from './signed-token.js';
import { avatarContentTypes, type AvatarContentType } from './user.js';

/**
 * What a direct upload was granted for: whose avatar, which upload (its staging and final keys
 * derive from the id), the type and exact size declared, and until when it may be completed.
 */
export interface UploadGrant {
  readonly userId: string;
  readonly uploadId: string;
  readonly contentType: AvatarContentType;
  readonly size: number;
  readonly expiresAt: number;
}

const grantSchema = z
  .object({
    u: z.string(),
    i: z.string(),
    t: z.enum(avatarContentTypes),
    s: z.number().int().nonnegative(),
    e: z.number(),
  })
  .strict();

/** Seals an upload grant into an opaque token for the client, so keys, type and size never come from the client. */
export interface UploadTokenCodec {
  encode(grant: UploadGrant): string;
  /** @throws InvalidUploadTokenError for any text this codec did not produce. */
  decode(token: string): UploadGrant;
}

export function createUploadTokenCodec(signer: Signer): UploadTokenCodec {
  // A new purpose for the new payload: tokens sealed before staging existed are refused, not misread.
  const sealer = createTokenSealer(signer, 'avatar-upload.v2');
  return {
    encode: (grant) =>
      sealer.seal({ u: grant.userId, i: grant.uploadId, t: grant.contentType, s: grant.size, e: grant.expiresAt }),
    decode(token) {
      const parsed = grantSchema.safeParse(sealer.open(token));
      if (!parsed.success) throw new InvalidUploadTokenError('it was altered or not issued by this service.');
      const { u, i, t, s, e } = parsed.data;
      return { userId: u, uploadId: i, contentType: t, size: s, expiresAt: e };
    },
  };
}
