import { parseArgs } from 'node:util';
import { awsEnvironmentShape, toAwsConfig, type AwsConfig } from '@platform/aws-adapters';
import { minimumSweepGraceSeconds } from '@platform/users-domain';
import { z } from 'zod';

const environmentSchema = z.object({
  NODE_ENV: z.enum(['production', 'development', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SWEEP_GRACE_SECONDS: z.coerce
    .number()
    .positive()
    .default(24 * 3600),
  SWEEP_PAGE_SIZE: z.coerce.number().int().min(1).max(1000).default(500),
  DATA_DIR: z.string().default('.data'),
  ...awsEnvironmentShape,
});

export interface SweeperConfig {
  readonly production: boolean;
  readonly dryRun: boolean;
  readonly graceSeconds: number;
  readonly pageSize: number;
  readonly logLevel: string;
  readonly dataDir: string;
  /** Undefined without AWS variables: the dev entry point then starts the embedded emulators. */
  readonly aws: AwsConfig | undefined;
}

/** A configuration or command line that cannot be used; the message says which part. */
export class UsageError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`avatar-sweeper: ${problems.join('; ')}\nRun with --help for usage.`);
    this.name = 'UsageError';
  }
}

export const usage = `Usage: avatar-sweeper [--dry-run | --apply]

Deletes avatar objects that no user references and that are older than SWEEP_GRACE_SECONDS
(default 24 h, at least ${minimumSweepGraceSeconds} s), staged direct uploads no upload token can
complete any more, and sets to none the avatar of users whose object is missing (records changed
within the grace period are left alone).

  --dry-run   report what would be done, change nothing (the default outside production)
  --apply     do it (the default in production)

Exit codes: 0 done, 1 some objects or records could not be handled (see the log), 2 bad usage or configuration.`;

/** Reads the environment and the command line once, at start-up. */
export function loadSweeperConfig(
  env: Record<string, string | undefined>,
  args: readonly string[],
): SweeperConfig | 'help' {
  let flags;
  try {
    flags = parseArgs({
      args: [...args],
      options: { 'dry-run': { type: 'boolean' }, apply: { type: 'boolean' }, help: { type: 'boolean' } },
      strict: true,
    }).values;
  } catch (error) {
    throw new UsageError([(error as Error).message]);
  }
  if (flags.help) return 'help';
  if (flags['dry-run'] && flags.apply) throw new UsageError(['--dry-run and --apply exclude each other']);

  const parsed = environmentSchema.safeParse(env);
  if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  const vars = parsed.data;
  const production = vars.NODE_ENV === 'production';
  const { aws, problems } = toAwsConfig(vars, production);
  // In every environment: the minimum is derived from the upload lifetimes (packages/users-domain).
  if (vars.SWEEP_GRACE_SECONDS < minimumSweepGraceSeconds) {
    problems.push(
      `SWEEP_GRACE_SECONDS must be at least ${minimumSweepGraceSeconds}: an upload token lives ${minimumSweepGraceSeconds / 60} minutes with its margin`,
    );
  }
  if (problems.length > 0) throw new UsageError(problems);
  return {
    production,
    dryRun: flags['dry-run'] ?? !(flags.apply ?? production),
    graceSeconds: vars.SWEEP_GRACE_SECONDS,
    pageSize: vars.SWEEP_PAGE_SIZE,
    logLevel: vars.LOG_LEVEL,
    dataDir: vars.DATA_DIR,
    aws,
  };
}
