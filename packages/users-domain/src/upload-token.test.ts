import { describe, expect, it } from 'vitest';
import { testSigner } from '../testing/index.js';
import { InvalidCursorError, InvalidUploadTokenError } from './errors.js';
import { createCursorCodec } from './pagination-cursor.js';
import { createUploadTokenCodec } from './upload-token.js';

const tokens = createUploadTokenCodec(testSigner);
const grant = { userId: 'u-1', key: 'avatars/u-1/o-1', expiresAt: 1_800_000_000_000 };

describe('upload token codec', () => {
  it('gives back the grant it sealed', () => {
    expect(tokens.decode(tokens.encode(grant))).toEqual(grant);
  });

  it('refuses a token whose payload was swapped for another key', () => {
    const [, mac] = tokens.encode(grant).split('.');
    const forgedBody = Buffer.from(JSON.stringify({ u: 'u-1', k: 'avatars/u-2/o-9', e: grant.expiresAt })).toString(
      'base64url',
    );
    expect(() => tokens.decode(`${forgedBody}.${mac}`)).toThrow(InvalidUploadTokenError);
  });

  it('keeps purposes apart: an upload token is not a cursor, nor a cursor an upload token', () => {
    const cursors = createCursorCodec(testSigner);
    expect(() => cursors.decode(tokens.encode(grant))).toThrow(InvalidCursorError);
    expect(() => tokens.decode(cursors.encode({ createdAt: 'c', id: 'i' }))).toThrow(InvalidUploadTokenError);
  });
});
