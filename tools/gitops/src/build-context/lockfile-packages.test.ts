import { describe, expect, it } from 'vitest';
import { changedLockfilePackages, packageName } from './lockfile-packages.ts';

describe('packageName', () => {
  it.each([
    ['hono@4.13.19', 'hono'],
    ['@hono/node-server@2.1.8(hono@4.13.19)', '@hono/node-server'],
    ['npm:@colors/colors@1.6.0', '@colors/colors'],
    ['npm:hono', 'hono'],
    ['npm:@aws-sdk/types', '@aws-sdk/types'],
  ])('%s names %s', (key, name) => expect(packageName(key)).toBe(name));
});

const lockfile = (honoIntegrity: string, pinoDependsOn: string) => `lockfileVersion: '9.0'
packages:
  hono@4.13.19:
    resolution: {integrity: ${honoIntegrity}}
  pino@10.4.0:
    resolution: {integrity: sha512-pino}
snapshots:
  hono@4.13.19: {}
  pino@10.4.0:
    dependencies:
      sonic-boom: ${pinoDependsOn}
`;

describe('changedLockfilePackages', () => {
  it('names a package whose resolution changed, and one whose dependencies changed', () => {
    expect(changedLockfilePackages(lockfile('sha512-a', '4.0.0'), lockfile('sha512-b', '4.0.0'))).toEqual(
      new Set(['hono']),
    );
    expect(changedLockfilePackages(lockfile('sha512-a', '4.0.0'), lockfile('sha512-a', '4.1.0'))).toEqual(
      new Set(['pino']),
    );
  });

  it('names nothing for an identical lockfile, everything for a new one', () => {
    expect(changedLockfilePackages(lockfile('sha512-a', '4.0.0'), lockfile('sha512-a', '4.0.0'))).toEqual(new Set());
    expect(changedLockfilePackages(undefined, lockfile('sha512-a', '4.0.0'))).toEqual(new Set(['hono', 'pino']));
  });
});
