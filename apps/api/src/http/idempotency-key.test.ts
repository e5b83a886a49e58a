import fc from 'fast-check';
import { InvalidIdempotencyKeyError } from '@platform/users-domain';
import { describe, expect, it } from 'vitest';
import { maxIdempotencyKeyLength, readIdempotencyKey } from './idempotency-key.js';

const printable = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)) });
/** The key as an RFC 8941 sf-string: quoted, with `"` and `\` escaped. */
const quoted = (key: string) => `"${key.replace(/["\\]/g, (c) => `\\${c}`)}"`;

// Built once, outside any test: fast-check builds its 'binary' unit in about a second, which a
// loaded machine can stretch past a test's 10 s budget.
const notAKey = fc.string({ unit: 'binary', minLength: 1 }).filter((v) => /[^\x21-\x7e]/.test(v) && !/^".*"$/s.test(v));

describe('readIdempotencyKey', () => {
  it('reads back every key of 1–255 printable ASCII characters sent as an sf-string', () => {
    fc.assert(
      fc.property(
        printable.filter((k) => k.length >= 1 && k.length <= maxIdempotencyKeyLength),
        (key) => {
          expect(readIdempotencyKey(quoted(key), 'api-key')?.key).toBe(key);
        },
      ),
    );
  });

  it('takes a bare key as the same key as its quoted form', () => {
    expect(readIdempotencyKey('8e03978e-40d5', 'k')).toEqual(readIdempotencyKey('"8e03978e-40d5"', 'k'));
  });

  it('scopes the key by a digest of the API key, never the API key itself', () => {
    const one = readIdempotencyKey('"k"', 'secret-api-key-1')!;
    const two = readIdempotencyKey('"k"', 'secret-api-key-2')!;
    expect(one.scope).toMatch(/^[0-9a-f]{64}$/);
    expect(one.scope).not.toBe(two.scope);
    expect(JSON.stringify(one)).not.toContain('secret-api-key');
  });

  it('answers undefined without the header', () => {
    expect(readIdempotencyKey(undefined, 'k')).toBeUndefined();
  });

  it('refuses anything that is neither an sf-string nor a bare key of printable ASCII', () => {
    fc.assert(
      fc.property(notAKey, (value) => {
        expect(() => readIdempotencyKey(value, 'k')).toThrow(InvalidIdempotencyKeyError);
      }),
      { numRuns: 200 },
    );
  });
});
