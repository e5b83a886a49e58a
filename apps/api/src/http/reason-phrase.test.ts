import { describe, expect, it } from 'vitest';
import { getReasonPhrase } from './reason-phrase.js';

describe('getReasonPhrase', () => {
  it("uses RFC 9110's names, so one status has one title wherever it is raised", () => {
    expect(getReasonPhrase(413)).toBe('Content Too Large');
    expect(getReasonPhrase(422)).toBe('Unprocessable Content');
    expect(getReasonPhrase(404)).toBe('Not Found');
  });
});
