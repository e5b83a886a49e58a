import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { entityTagOf, expectedVersions } from './entity-tag.js';
import { HttpProblem } from './problem.js';

describe('If-Match', () => {
  it('is no condition when absent or "*"', () => {
    expect(expectedVersions(undefined)).toBeUndefined();
    expect(expectedVersions('*')).toBeUndefined();
    expect(expectedVersions(' * ')).toBeUndefined();
  });

  it.each([
    ['"3"', [3]],
    ['"0"', [0]],
    ['"3", "5"', [3, 5]],
    ['"3",,"5" ,', [3, 5]],
    ['W/"3"', []],
    ['W/"3", "4"', [4]],
    ['"abc"', []],
    ['"03"', []],
    ['"a,b", "7"', [7]],
    ['""', []],
  ])('reads %s as the versions %j (weak and foreign tags never match)', (header, versions) => {
    expect(expectedVersions(header)).toEqual(versions);
  });

  it.each(['', '3', '"3', '3"', '"3" "4"', '*, "3"', 'w/"3"', '"a"b"', '"3"; x', ',', `"\u0001"`])(
    'refuses %j with 400 REQUEST.INVALID_IF_MATCH',
    (header) => {
      let thrown: unknown;
      try {
        expectedVersions(header);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(HttpProblem);
      expect((thrown as HttpProblem).extras.code).toBe('REQUEST.INVALID_IF_MATCH');
      expect((thrown as HttpProblem).status).toBe(400);
    },
  );

  it('refuses a list of more than 20 tags', () => {
    expect(() => expectedVersions(Array.from({ length: 21 }, (_, i) => `"${i}"`).join(', '))).toThrow(HttpProblem);
  });

  it('reads back every version its own ETag names', () => {
    fc.assert(
      fc.property(fc.nat(), (version) => {
        expect(expectedVersions(entityTagOf({ version }))).toEqual([version]);
      }),
    );
  });
});
