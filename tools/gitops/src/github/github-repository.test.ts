import { describe, expect, it } from 'vitest';
import { githubRepository } from './github-repository.ts';

describe('githubRepository', () => {
  it('takes GITHUB_REPOSITORY first', () => {
    expect(githubRepository('example-org/users-platform', 'https://github.com/other/repo.git')).toBe(
      'example-org/users-platform',
    );
  });

  it.each([
    ['https://github.com/example-org/users-platform.git', 'example-org/users-platform'],
    ['https://github.com/example-org/users-platform', 'example-org/users-platform'],
    ['git@github.com:example-org/users-platform.git', 'example-org/users-platform'],
    ['ssh://git@github.com/example-org/users.platform', 'example-org/users.platform'],
  ])('reads %s as %s', (url, repository) => {
    expect(githubRepository(undefined, url)).toBe(repository);
  });

  it.each([undefined, '/tmp/remote.git', 'https://github.com/just-an-owner'])(
    'refuses %j, naming GITHUB_REPOSITORY',
    (url) => {
      expect(() => githubRepository(undefined, url)).toThrow(/GITHUB_REPOSITORY/);
    },
  );

  it('refuses a malformed GITHUB_REPOSITORY', () => {
    expect(() => githubRepository('not a repository', undefined)).toThrow(/owner\/name/);
  });
});
