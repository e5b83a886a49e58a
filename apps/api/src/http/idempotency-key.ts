import { createHash } from 'node:crypto';
import { InvalidIdempotencyKeyError, type IdempotencyKey } from '@platform/users-domain';

/** The longest key taken, in characters: room for any UUID or ULID, with a prefix. */
export const maxIdempotencyKeyLength = 255;

/** RFC 8941 sf-string, as the IETF draft defines the header: printable ASCII in quotes, `\"` and `\\` escaped. */
const sfString = /^"((?:[\x20\x21\x23-\x5b\x5d-\x7e]|\\["\\])*)"$/;
/** A key without quotes, as most clients send one: printable ASCII, no space or quote. */
const bareKey = /^[\x21\x23-\x7e]*$/;

/**
 * The request's `Idempotency-Key` (draft-ietf-httpapi-idempotency-key-header), scoped to the caller
 * by a digest of the API key it presented, so the credential itself is never stored; undefined
 * without the header. Takes the draft's quoted form and a bare key alike.
 * @throws InvalidIdempotencyKeyError for an empty or over-long key, or one that is not printable ASCII.
 */
export function readIdempotencyKey(header: string | undefined, apiKey: string): IdempotencyKey | undefined {
  if (header === undefined) return undefined;
  const quoted = sfString.exec(header)?.[1];
  const key = quoted !== undefined ? quoted.replace(/\\(["\\])/g, '$1') : bareKey.test(header) ? header : undefined;
  if (key === undefined) {
    throw new InvalidIdempotencyKeyError(
      'send one key of printable ASCII characters, e.g. "8e03978e-40d5-43e8-bc93-6894a57f9324" (a space is allowed only inside quotes).',
    );
  }
  if (key === '') throw new InvalidIdempotencyKeyError('it is empty.');
  if (key.length > maxIdempotencyKeyLength) {
    throw new InvalidIdempotencyKeyError(`it is longer than ${maxIdempotencyKeyLength} characters.`);
  }
  return { scope: createHash('sha256').update(apiKey).digest('hex'), key };
}
