import { describe, expect, it } from 'vitest';
import { loadSweeperConfig, UsageError } from './config.js';

const aws = { AWS_REGION: 'eu-west-1', USERS_TABLE: 'users', AVATARS_BUCKET: 'avatars' };
const load = (env: Record<string, string>, args: string[] = []) => loadSweeperConfig(env, args);
const problemsOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    if (error instanceof UsageError) return error.problems.join('; ');
    throw error;
  }
  throw new Error('expected a UsageError');
};

describe('the sweeper configuration', () => {
  it('only reports outside production unless told to apply', () => {
    expect(load(aws)).toMatchObject({ production: false, dryRun: true });
    expect(load(aws, ['--apply'])).toMatchObject({ dryRun: false });
  });

  it('applies in production unless told to only report', () => {
    expect(load({ ...aws, NODE_ENV: 'production' })).toMatchObject({ production: true, dryRun: false });
    expect(load({ ...aws, NODE_ENV: 'production' }, ['--dry-run'])).toMatchObject({ dryRun: true });
  });

  it('refuses --dry-run with --apply, and flags it does not know', () => {
    expect(problemsOf(() => load(aws, ['--dry-run', '--apply']))).toContain('exclude each other');
    expect(problemsOf(() => load(aws, ['--force']))).toContain('--force');
  });

  it('refuses in production a grace period shorter than an upload may take, and names each missing variable', () => {
    expect(problemsOf(() => load({ ...aws, NODE_ENV: 'production', SWEEP_GRACE_SECONDS: '60' }))).toContain(
      'SWEEP_GRACE_SECONDS must be at least 1800',
    );
    const missing = problemsOf(() => load({ NODE_ENV: 'production' }));
    for (const name of ['AWS_REGION', 'USERS_TABLE', 'AVATARS_BUCKET']) expect(missing).toContain(name);
  });

  it('refuses a page size outside 1 to 1000', () => {
    expect(problemsOf(() => load({ ...aws, SWEEP_PAGE_SIZE: '0' }))).toContain('SWEEP_PAGE_SIZE');
    expect(problemsOf(() => load({ ...aws, SWEEP_PAGE_SIZE: '1001' }))).toContain('SWEEP_PAGE_SIZE');
  });

  it('answers --help without reading the environment', () => {
    expect(load({ SWEEP_PAGE_SIZE: 'nonsense' }, ['--help'])).toBe('help');
  });
});
