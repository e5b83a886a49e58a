import { z } from 'zod';
import { InvalidUploadTokenError } from './errors.js';
import type { Signer } from './ports/signer.js';
import { createTokenSealer } from './signed-token.js';

/** What a direct upload was granted for: whose avatar, which object key, and until when it may be completed. */
export interface UploadGrant {
  readonly userId: string;
  readonly key: string;
  readonly expiresAt: number;
}

const grantSchema = z.object({ u: z.string(), k: z.string(), e: z.number() }).strict();

/** Seals an upload grant into an opaque token for the client, so the object key never comes from the client. */
export interface UploadTokenCodec {
  encode(grant: UploadGrant): string;
  /** @throws InvalidUploadTokenError for any text this codec did not produce. */
  decode(token: string): UploadGrant;
}

export function createUploadTokenCodec(signer: Signer): UploadTokenCodec {
  const sealer = createTokenSealer(signer, 'avatar-upload');
  return {
    encode: (grant) => sealer.seal({ u: grant.userId, k: grant.key, e: grant.expiresAt }),
    decode(token) {
      const parsed = grantSchema.safeParse(sealer.open(token));
      if (!parsed.success) throw new InvalidUploadTokenError('it was altered or not issued by this service.');
      return { userId: parsed.data.u, key: parsed.data.k, expiresAt: parsed.data.e };
    },
  };
}
