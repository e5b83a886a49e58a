import { describe, expect, it } from 'vitest';
import { mergeValues } from './merge-values.ts';

describe('mergeValues (as Helm merges values files)', () => {
  it('merges maps key by key and replaces lists and scalars', () => {
    expect(
      mergeValues(
        { image: { repository: '', tag: '', pullPolicy: 'IfNotPresent' }, hosts: ['a', 'b'], replicas: 2 },
        { image: { repository: 'r', tag: 't' }, hosts: ['c'], replicas: 3 },
      ),
    ).toEqual({ image: { repository: 'r', tag: 't', pullPolicy: 'IfNotPresent' }, hosts: ['c'], replicas: 3 });
  });

  it('removes a key set to null', () => {
    expect(mergeValues({ a: 1, b: { c: 2, d: 3 } }, { a: null, b: { c: null } })).toEqual({ b: { d: 3 } });
  });

  it('does not change its inputs', () => {
    const defaults = { a: { b: 1 } };
    mergeValues(defaults, { a: { b: 2 } });
    expect(defaults).toEqual({ a: { b: 1 } });
  });
});
