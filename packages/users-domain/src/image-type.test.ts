import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectImageType } from './image-type.js';

const bytes = (...parts: (string | number[])[]) =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)));

describe('detectImageType', () => {
  it.each([
    ['image/png', bytes([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])],
    ['image/jpeg', bytes([0xff, 0xd8, 0xff, 0xe0, 0, 0x10], 'JFIF')],
    ['image/gif', bytes('GIF89a', [1, 0, 1, 0])],
    ['image/gif', bytes('GIF87a', [1, 0, 1, 0])],
    ['image/webp', bytes('RIFF', [0x24, 0, 0, 0], 'WEBPVP8 ')],
  ])('recognises %s by its magic bytes', (type, head) => {
    expect(detectImageType(head)).toBe(type);
  });

  it.each([
    ['an HTML page named .png', bytes('<!DOCTYPE html><html>')],
    ['a RIFF file that is not WebP', bytes('RIFF', [0, 0, 0, 0], 'WAVEfmt ')],
    ['a truncated PNG signature', bytes([0x89], 'PNG')],
    ['an empty file', new Uint8Array()],
  ])('refuses %s', (_, head) => {
    expect(detectImageType(head)).toBeUndefined();
  });

  it('never claims a type for bytes that start with none of the signatures', () => {
    const signatureStarts = new Set([0x89, 0xff, 0x47, 0x52]);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (head) => {
        fc.pre(!signatureStarts.has(head[0] ?? -1));
        expect(detectImageType(head)).toBeUndefined();
      }),
    );
  });
});
