import { describe, expect, it } from 'vitest';
import { parseDuration } from './duration.ts';

describe('parseDuration', () => {
  it.each([
    ['10m', 600_000],
    ['90s', 90_000],
    ['1h', 3_600_000],
    ['500ms', 500],
    ['30', 30_000],
    ['1.5m', 90_000],
  ])('reads %s as %i ms', (text, ms) => {
    expect(parseDuration(text, 'timeout')).toBe(ms);
  });

  it.each(['', 'soon', '10 minutes', '-1s', '0s'])('refuses %j', (text) => {
    expect(() => parseDuration(text, 'timeout')).toThrow(/--timeout/);
  });
});
