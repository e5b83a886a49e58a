import { z } from 'zod';
import { InvalidCursorError } from './errors.js';
import type { Signer } from './ports/signer.js';
import { createTokenSealer } from './signed-token.js';
import type { UserPosition } from './user.js';

const positionSchema = z.object({ c: z.string().max(64), i: z.string().max(64) }).strict();

/** Turns a listing position into an opaque, tamper-evident cursor and back. */
export interface CursorCodec {
  encode(position: UserPosition): string;
  /** @throws InvalidCursorError for any text this codec did not produce. */
  decode(cursor: string): UserPosition;
}

export function createCursorCodec(signer: Signer): CursorCodec {
  const sealer = createTokenSealer(signer, 'users-cursor');
  return {
    encode: (position) => sealer.seal({ c: position.createdAt, i: position.id }),
    decode(cursor) {
      const parsed = positionSchema.safeParse(sealer.open(cursor));
      if (!parsed.success) throw new InvalidCursorError();
      return { createdAt: parsed.data.c, id: parsed.data.i };
    },
  };
}
