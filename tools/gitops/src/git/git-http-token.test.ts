import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { withGitHttpToken } from './git-http-token.ts';

const gitConfig = (environment: Record<string, string | undefined>, key: string) =>
  execFileSync('git', ['config', '--get', key], {
    env: { PATH: process.env.PATH, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', ...environment },
    encoding: 'utf8',
  }).trim();

describe('withGitHttpToken', () => {
  it('gives git the token as an extra header for that server only, through the environment', () => {
    const environment = withGitHttpToken({}, 'https://github.com/', 's3cret');
    const header = gitConfig(environment, 'http.https://github.com/.extraheader');
    expect(header).toBe(`AUTHORIZATION: basic ${Buffer.from('x-access-token:s3cret').toString('base64')}`);
  });

  it('keeps configuration already given through the environment', () => {
    const environment = withGitHttpToken(
      { GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'user.name', GIT_CONFIG_VALUE_0: 'Deployer' },
      'https://github.example.com',
      't',
    );
    expect(gitConfig(environment, 'user.name')).toBe('Deployer');
    expect(gitConfig(environment, 'http.https://github.example.com/.extraheader')).toMatch(/^AUTHORIZATION: basic /);
  });

  it('changes nothing without a token', () => {
    expect(withGitHttpToken({ A: 'b' }, 'https://github.com', undefined)).toEqual({ A: 'b' });
  });
});
