import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { minimumSweepGraceSeconds } from '@platform/users-domain';
import { ConfigError, configVariables, loadConfig, localDevApiKey } from './config.js';

const awsVars = { AWS_REGION: 'eu-west-1', USERS_TABLE: 'users-dev', AVATARS_BUCKET: 'avatars-dev' };
const productionVars = { NODE_ENV: 'production', API_KEYS: 'k1', TOKEN_SECRET: 's'.repeat(32), ...awsVars };

function problemsOf(env: Record<string, string>) {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.join('\n');
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('runs locally with documented defaults and no AWS (the embedded emulators)', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      metricsPort: 9464,
      apiKeys: [localDevApiKey],
      avatarMaxBytes: 5 * 1024 * 1024,
      avatarMaxPixels: 40_000_000,
      uploadConcurrency: 16,
      dataDir: '.data',
    });
    expect(loadConfig({ AVATAR_MAX_PIXELS: '1000', UPLOAD_CONCURRENCY: '3' })).toMatchObject({
      avatarMaxPixels: 1000,
      uploadConcurrency: 3,
    });
    expect(() => loadConfig({ UPLOAD_CONCURRENCY: '0' })).toThrow(/UPLOAD_CONCURRENCY/);
    expect(config.aws).toBeUndefined();
  });

  it('reads AWS settings, with per-service endpoints falling back to AWS_ENDPOINT_URL', () => {
    const config = loadConfig({
      ...awsVars,
      AWS_ENDPOINT_URL: 'http://localhost:4566',
      AWS_ENDPOINT_URL_S3: 'http://localhost:9000',
    });
    expect(config.aws).toMatchObject({
      region: 'eu-west-1',
      usersTable: 'users-dev',
      dynamoDbEndpoint: 'http://localhost:4566',
      s3Endpoint: 'http://localhost:9000',
    });
  });

  it('keeps the user listing in one index partition unless USERS_LISTING_SHARDS says more (up to 64)', () => {
    expect(loadConfig(awsVars).aws?.listingShards).toBe(1);
    expect(loadConfig({ ...awsVars, USERS_LISTING_SHARDS: '8' }).aws?.listingShards).toBe(8);
    expect(loadConfig({ ...awsVars, USERS_LISTING_SHARDS: '64' }).aws?.listingShards).toBe(64);
    for (const invalid of ['0', '65', '2.5', '-1', 'eight'])
      expect(problemsOf({ ...awsVars, USERS_LISTING_SHARDS: invalid })).toMatch(/^USERS_LISTING_SHARDS: /);
  });

  it('splits API_KEYS on commas, for rotation', () => {
    expect(loadConfig({ API_KEYS: ' old-key , new-key ' }).apiKeys).toEqual(['old-key', 'new-key']);
  });

  it('splits TOKEN_SECRET on commas, for rotation: the first signs', () => {
    const secrets = ['n'.repeat(32), 'o'.repeat(32)];
    expect(loadConfig({ ...productionVars, TOKEN_SECRET: ` ${secrets.join(' , ')} ` }).tokenSecrets).toEqual(secrets);
  });

  it('requires every production variable and names each missing one', () => {
    const problems = problemsOf({ NODE_ENV: 'production' });
    for (const name of ['AWS_REGION', 'USERS_TABLE', 'AVATARS_BUCKET', 'API_KEYS', 'TOKEN_SECRET'])
      expect(problems).toContain(name);
    expect(() => loadConfig(productionVars)).not.toThrow();
  });

  it('asks for the rest of the AWS variables when only some are set', () => {
    expect(problemsOf({ AWS_REGION: 'eu-west-1' })).toMatch(/USERS_TABLE[\s\S]*AVATARS_BUCKET/);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ AVATAR_MAX_BYTES: '-1' }, 'AVATAR_MAX_BYTES'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ ...productionVars, TOKEN_SECRET: 'short' }, 'TOKEN_SECRET'],
    [{ ...productionVars, TOKEN_SECRET: `${'n'.repeat(32)},short` }, 'TOKEN_SECRET'],
    [{ AWS_ENDPOINT_URL: 'not a url' }, 'AWS_ENDPOINT_URL'],
    [{ REQUEST_TIMEOUT_MS: String(minimumSweepGraceSeconds * 1000) }, 'REQUEST_TIMEOUT_MS'],
  ])('names the invalid variable in %j', (env, name) => {
    expect(problemsOf(env)).toContain(name);
  });
});

describe('the README', () => {
  it('has a row in its configuration table for every variable, and none for a variable that is gone', () => {
    const readme = readFileSync(join(import.meta.dirname, '..', '..', '..', 'README.md'), 'utf8');
    const documented = [...readme.matchAll(/^\| `([A-Z0-9_]+)` \|/gm)].map((match) => match[1]);
    expect(documented.sort()).toEqual([...configVariables].sort());
  });
});
