import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signerWithSecret, testSigner } from '../testing/index.js';
import { InvalidCursorError } from './errors.js';
import { createCursorCodec } from './pagination-cursor.js';

const codec = createCursorCodec(testSigner);
const position = fc.record({
  createdAt: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  id: fc.uuid(),
});

// Built once, outside any test: fast-check builds its 'binary' unit in about a second, which a
// loaded machine stretched past the test's 10 s budget (seen twice at a load average of 16).
const anyText = fc.string({ unit: 'binary', maxLength: 300 });

describe('cursor codec', () => {
  it('gives back exactly the position it encoded', () => {
    fc.assert(
      fc.property(position, (p) => {
        expect(codec.decode(codec.encode(p))).toEqual(p);
      }),
    );
  });

  it('is opaque: the cursor does not show the id in clear text', () => {
    const p = { createdAt: '2026-01-01T00:00:00.000Z', id: '0b6f3c1e-8a1d-4c8e-9a55-2f4a1d2b3c4d' };
    expect(codec.encode(p)).not.toContain(p.id);
  });

  it('refuses a cursor with any one character changed', () => {
    fc.assert(
      fc.property(position, fc.nat(), fc.constantFrom(...'ABCabc012-_.'), (p, at, replacement) => {
        const cursor = codec.encode(p);
        const index = at % cursor.length;
        fc.pre(cursor[index] !== replacement);
        const tampered = cursor.slice(0, index) + replacement + cursor.slice(index + 1);
        expect(() => codec.decode(tampered)).toThrow(InvalidCursorError);
      }),
    );
  });

  it('refuses arbitrary text with InvalidCursorError and nothing else', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        expect(() => codec.decode(text)).toThrow(InvalidCursorError);
      }),
    );
  });

  it('refuses a cursor signed with another secret', () => {
    const other = createCursorCodec(signerWithSecret('another-secret'));
    const cursor = other.encode({ createdAt: '2026-01-01T00:00:00.000Z', id: 'x' });
    expect(() => codec.decode(cursor)).toThrow(InvalidCursorError);
  });
});
