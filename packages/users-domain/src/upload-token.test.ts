import { describe, expect, it } from 'vitest';
import { testSigner } from '../testing/index.js';
import { InvalidCursorError, InvalidUploadTokenError } from './errors.js';
import { createCursorCodec } from './pagination-cursor.js';
import { createUploadTokenCodec } from './upload-token.js';

const tokens = createUploadTokenCodec(testSigner);
const grant = {
  userId: 'u-1',
  uploadId: 'o-1',
  contentType: 'image/png' as const,
  size: 500,
  expiresAt: 1_800_000_000_000,
};

describe('upload token codec', () => {
  it('gives back the grant it sealed', () => {
    expect(tokens.decode(tokens.encode(grant))).toEqual(grant);
  });

  it.each([
    ['another upload', { i: 'o-9' }],
    ['another declared size', { s: 5_000_000 }],
    ['another declared type', { t: 'image/gif' }],
  ])('refuses a token whose payload was swapped for %s', (_, swap) => {
    const [, mac] = tokens.encode(grant).split('.');
    const payload = { u: 'u-1', i: 'o-1', t: 'image/png', s: 500, e: grant.expiresAt, ...swap };
    const forgedBody = Buffer.from(JSON.stringify(payload)).toString('base64url');
    expect(() => tokens.decode(`${forgedBody}.${mac}`)).toThrow(InvalidUploadTokenError);
  });

  it('keeps purposes apart: an upload token is not a cursor, nor a cursor an upload token', () => {
    const cursors = createCursorCodec(testSigner);
    expect(() => cursors.decode(tokens.encode(grant))).toThrow(InvalidCursorError);
    expect(() => tokens.decode(cursors.encode({ createdAt: 'c', id: 'i' }))).toThrow(InvalidUploadTokenError);
  });
});
