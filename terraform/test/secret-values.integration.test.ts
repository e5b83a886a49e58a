import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeSecretsManager, type SecretsManagerCall } from './support/fake-secrets-manager.js';
import {
  findAwsMirror,
  runTerraform,
  startSharedProvider,
  terraformEnv,
  terraformOnPath,
  writeCliConfig,
  type ProviderMirror,
  type SharedProvider,
} from './support/terraform-cli.js';
import { terraformRoot } from './support/terraform-sources.js';

// modules/secret-values applied for real by Terraform and the AWS provider from the mirror, against a
// protocol-level stand-in for Secrets Manager (support/fake-secrets-manager.ts; no AWS here): the first
// values are generated, written through the write-only argument, and never reach the state; and a
// later plan reads the value back (GetSecretValue), which is why this module runs in the operator's
// cluster-bootstrap and never in a root the CI plan role refreshes.
const mirror = findAwsMirror();
const skipped = !terraformOnPath ? 'terraform is not on PATH' : typeof mirror === 'string' ? mirror : undefined;
if (skipped) console.warn(`SKIPPED: modules/secret-values against a fake Secrets Manager did not run: ${skipped}.`);

describe.skipIf(skipped)('modules/secret-values, applied against a fake Secrets Manager', () => {
  let workspace: string;
  let fake: Awaited<ReturnType<typeof startFakeSecretsManager>>;
  let provider: SharedProvider;
  let env: NodeJS.ProcessEnv;
  let applied: SecretsManagerCall[];
  let planned: SecretsManagerCall[];
  let planOutput: string;
  let state: string;

  beforeAll(async () => {
    const aws = mirror as ProviderMirror;
    // Hermetic AWS settings for the provider (it inherits this process's environment): no profile,
    // region or CA bundle of the machine; the provider block below says everything. This file runs
    // in its own worker (integration tests are isolated), so nothing else sees the change.
    for (const name of Object.keys(process.env).filter((key) => key.startsWith('AWS_'))) delete process.env[name];
    workspace = mkdtempSync(join(tmpdir(), 'secret-values-'));
    fake = await startFakeSecretsManager();
    provider = await startSharedProvider(aws);
    env = terraformEnv(writeCliConfig(workspace, aws), provider.env);
    const module = join(terraformRoot, 'modules', 'secret-values');
    mkdirSync(join(workspace, 'module'));
    for (const file of readdirSync(module).filter((name) => name.endsWith('.tf'))) {
      const text = readFileSync(join(module, file), 'utf8').replace(
        /(hashicorp\/aws"\n\s*version\s*= )"[^"]+"/,
        `$1"${aws.awsVersion}"`,
      );
      writeFileSync(join(workspace, 'module', file), text);
    }
    writeFileSync(
      join(workspace, 'main.tf'),
      `provider "aws" {
  region                      = "eu-west-1"
  access_key                  = "fake"
  secret_key                  = "fake"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  endpoints {
    secretsmanager = "${fake.endpoint}"
  }
}

module "secret_values" {
  source  = "./module"
  secrets = { "users/dev/api" = ["API_KEYS", "TOKEN_SECRET"] }
}
`,
    );
    const step = async (args: string[]) => {
      const result = await runTerraform(workspace, args, env);
      if (!result.ok) throw new Error(`terraform ${args.join(' ')} failed:\n${result.output}`);
      return result.output;
    };
    await step(['init', '-backend=false']);
    await step(['apply', '-auto-approve']);
    applied = fake.calls.splice(0);
    planOutput = await step(['plan', '-detailed-exitcode']);
    planned = fake.calls.splice(0);
    state = readFileSync(join(workspace, 'terraform.tfstate'), 'utf8');
  }, 120_000);

  afterAll(async () => {
    await provider?.stop();
    await fake?.stop();
    if (workspace) rmSync(workspace, { recursive: true, force: true });
  });

  const written = () => {
    const put = applied.find((call) => call.operation === 'PutSecretValue');
    return { put, value: JSON.parse(String(put?.body.SecretString ?? '{}')) as Record<string, string> };
  };

  it('writes users/dev/api once, with a generated API_KEYS and TOKEN_SECRET of 48 letters and digits', () => {
    const { put, value } = written();
    expect(put?.body.SecretId).toBe('users/dev/api');
    expect(Object.keys(value).sort()).toEqual(['API_KEYS', 'TOKEN_SECRET']);
    for (const generated of Object.values(value)) expect(generated).toMatch(/^[A-Za-z0-9]{48}$/);
    expect(value.API_KEYS).not.toBe(value.TOKEN_SECRET);
    expect(applied.filter((call) => call.operation === 'GetRandomPassword')[0]?.body).toMatchObject({
      ExcludePunctuation: true,
      PasswordLength: 48,
    });
  });

  it('keeps the values out of the state', () => {
    const { value } = written();
    for (const generated of Object.values(value)) expect(state).not.toContain(generated);
    expect(state).toContain('"secret_string_wo_version": 1');
  });

  it('never writes again on a later plan, but reads the value back to refresh (so CI never holds this resource)', () => {
    expect(planOutput).toContain('No changes.');
    expect(planned.map((call) => call.operation)).not.toContain('PutSecretValue');
    expect(planned.map((call) => call.operation)).toContain('GetSecretValue');
  });
});
