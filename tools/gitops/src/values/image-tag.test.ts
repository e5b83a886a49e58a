import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readImageTag, setImageTag } from './image-tag.ts';

const sha = (c: string) => c.repeat(40);
const realValues = readFileSync(join(import.meta.dirname, '../../../../deploy/values/prod/api.yaml'), 'utf8');

describe('setImageTag', () => {
  it('changes only the tag line of a real values file, keeping every other byte', () => {
    const edited = setImageTag(realValues, sha('a'), 'prod/api.yaml');
    const before = realValues.split('\n');
    const after = edited.split('\n');
    expect(after).toHaveLength(before.length);
    const changed = before.flatMap((line, i) => (line === after[i] ? [] : [i]));
    expect(changed).toHaveLength(1);
    expect(after[changed[0]!]).toBe(`  tag: '${sha('a')}'`);
    expect(readImageTag(edited, 'prod/api.yaml')).toBe(sha('a'));
  });

  it('keeps comments, blank lines, quoting and key order around the tag', () => {
    const text = [
      '# header',
      'image:   # the image',
      '  repository: "r/api"   # double quotes stay',
      '  tag: 0123 # unquoted before',
      '',
      '  pullPolicy: IfNotPresent',
      'list: [a, b]',
      '',
    ].join('\n');
    expect(setImageTag(text, sha('b'), 'x.yaml')).toBe(text.replace('tag: 0123', `tag: '${sha('b')}'`));
  });

  it('reads an empty tag as empty', () => {
    expect(readImageTag("image:\n  tag: ''\n", 'x.yaml')).toBe('');
  });

  it.each([
    ['image:\n  repository: r\n', 'has no image.tag'],
    ['image: [\n', 'is not valid YAML'],
    ['image:\n  tag: a\n---\nimage:\n  tag: b\n', 'exactly one YAML document'],
    ['image:\n  tag:\n    nested: true\n', 'has no image.tag'],
  ])('refuses %j', (text, message) => {
    expect(() => setImageTag(text, sha('c'), 'x.yaml')).toThrow(message);
  });
});
