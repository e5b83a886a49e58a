import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  minimumSweepGraceSeconds,
  stagedUploadRetentionSeconds,
  sweepSafetyMarginSeconds,
  uploadTokenLifetimeSeconds,
} from '@platform/users-domain';
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

  it.each(['production', 'development', 'test'])(
    'refuses in %s a grace period shorter than the minimum derived from the upload lifetimes',
    (NODE_ENV) => {
      for (const grace of ['1e-9', '0.001', '60', String(minimumSweepGraceSeconds - 1)])
        expect(problemsOf(() => load({ ...aws, NODE_ENV, SWEEP_GRACE_SECONDS: grace }))).toContain(
          `SWEEP_GRACE_SECONDS must be at least ${minimumSweepGraceSeconds}`,
        );
      expect(load({ ...aws, NODE_ENV, SWEEP_GRACE_SECONDS: String(minimumSweepGraceSeconds) })).toMatchObject({
        graceSeconds: minimumSweepGraceSeconds,
      });
    },
  );

  it('derives that minimum from the upload token’s lifetime plus a margin: the number the chart’s values.schema.json minimum must carry', () => {
    expect(minimumSweepGraceSeconds).toBe(uploadTokenLifetimeSeconds + sweepSafetyMarginSeconds);
    expect(minimumSweepGraceSeconds).toBe(stagedUploadRetentionSeconds);
  });

  it('is the minimum the chart’s values.schema.json allows for sweep.graceSeconds', () => {
    const schemaPath = join(import.meta.dirname, '../../../deploy/charts/avatar-sweeper/values.schema.json');
    const schema = JSON.parse(readFileSync(schemaPath, 'utf8'));
    expect(schema.properties.sweep.properties.graceSeconds.minimum, `${schemaPath}: sweep.graceSeconds.minimum`).toBe(
      minimumSweepGraceSeconds,
    );
  });

  it('names each missing variable in production', () => {
    const missing = problemsOf(() => load({ NODE_ENV: 'production' }));
    for (const name of ['AWS_REGION', 'USERS_TABLE', 'AVATARS_BUCKET']) expect(missing).toContain(name);
  });

  it('refuses a page size outside 1 to 1000', () => {
    expect(problemsOf(() => load({ ...aws, SWEEP_PAGE_SIZE: '0' }))).toContain('SWEEP_PAGE_SIZE');
    expect(problemsOf(() => load({ ...aws, SWEEP_PAGE_SIZE: '1001' }))).toContain('SWEEP_PAGE_SIZE');
  });

  it('walks the user listing over as many shards as the API spreads it (USERS_LISTING_SHARDS)', () => {
    expect(load(aws)).toMatchObject({ aws: { listingShards: 1 } });
    expect(load({ ...aws, USERS_LISTING_SHARDS: '16' })).toMatchObject({ aws: { listingShards: 16 } });
    expect(problemsOf(() => load({ ...aws, USERS_LISTING_SHARDS: '0' }))).toContain('USERS_LISTING_SHARDS');
  });

  it('answers --help without reading the environment', () => {
    expect(load({ SWEEP_PAGE_SIZE: 'nonsense' }, ['--help'])).toBe('help');
  });
});
