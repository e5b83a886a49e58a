import { describe, expect, it } from 'vitest';
import { exponentialBackoff } from './backoff.ts';

describe('exponentialBackoff', () => {
  it('doubles the ceiling per retry up to the maximum, jittered below it', () => {
    const ceiling = exponentialBackoff({ baseMs: 100, maxMs: 1000, random: () => 1 });
    expect([1, 2, 3, 4, 5, 6].map((retry) => ceiling.delay(retry))).toEqual([100, 200, 400, 800, 1000, 1000]);
    expect(exponentialBackoff({ baseMs: 100, maxMs: 1000, random: () => 0.5 }).delay(3)).toBe(200);
  });
});
