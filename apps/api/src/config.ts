import { awsEnvironmentShape, toAwsConfig, type AwsConfig } from '@platform/aws-adapters';
import { defaultAvatarMaxPixels, minimumSweepGraceSeconds } from '@platform/users-domain';
import { z } from 'zod';

const localApiKey = 'local-dev-key';
const localTokenSecret = 'local-dev-token-secret-do-not-use-in-production';

const port = (fallback: number) => z.coerce.number().int().min(0).max(65_535).default(fallback);
const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const tokenSecret = z.string().min(32, 'each secret must be at least 32 characters');
const optionalText = z
  .string()
  .trim()
  .transform((value) => value || undefined)
  .optional();

const environmentSchema = z.object({
  NODE_ENV: z.enum(['production', 'development', 'test']).default('development'),
  HOST: z.string().default('0.0.0.0'),
  PORT: port(3000),
  METRICS_PORT: port(9464),
  API_KEYS: optionalText,
  TOKEN_SECRET: optionalText.pipe(
    z
      .string()
      .transform((list) => list.split(',').map((secret) => secret.trim()))
      .pipe(z.tuple([tokenSecret], tokenSecret))
      .optional(),
  ),
  AVATAR_MAX_BYTES: positiveInt(5 * 1024 * 1024),
  AVATAR_MAX_PIXELS: positiveInt(defaultAvatarMaxPixels),
  UPLOAD_CONCURRENCY: positiveInt(16),
  DATA_DIR: z.string().default('.data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SHUTDOWN_GRACE_MS: positiveInt(10_000),
  HEADERS_TIMEOUT_MS: positiveInt(10_000),
  REQUEST_TIMEOUT_MS: positiveInt(60_000),
  DEPENDENCY_CHECK_INTERVAL_MS: positiveInt(10_000),
  SHUTDOWN_DELAY_MS: z.coerce.number().int().min(0).default(0),
  APP_VERSION: z.string().default('0.0.0-dev'),
  ...awsEnvironmentShape,
});

/** Every environment variable the service reads (the README's configuration table lists each). */
export const configVariables = Object.keys(environmentSchema.shape);

export type { AwsConfig };

export interface Config {
  readonly production: boolean;
  readonly host: string;
  readonly port: number;
  readonly metricsPort: number;
  readonly apiKeys: readonly string[];
  /** Signs with the first, accepts any: a rotation puts the new secret first and keeps the old. */
  readonly tokenSecrets: readonly [string, ...string[]];
  readonly avatarMaxBytes: number;
  /** The most pixels (width × height) an avatar may have. */
  readonly avatarMaxPixels: number;
  /** How many avatar uploads (raw, multipart, /complete) one process runs at once; 503 beyond. */
  readonly uploadConcurrency: number;
  readonly dataDir: string;
  readonly logLevel: string;
  /** How long to stay up, answering 503 on /readyz, before closing the listener on SIGTERM. */
  readonly shutdownDelayMs: number;
  /** How often DynamoDB and S3 are checked in the background (dependency_up, /healthz/dependencies). */
  readonly dependencyCheckIntervalMs: number;
  /** How long requests in flight may take to finish before their connections are closed. */
  readonly shutdownGraceMs: number;
  /** A client must send its request headers within this time, and its whole request within the next: 408 after. */
  readonly headersTimeoutMs: number;
  readonly requestTimeoutMs: number;
  /** What /openapi.json reports; the image tag in a deployment. */
  readonly version: string;
  /** Undefined when no AWS variable is set: the dev entry point then starts the embedded emulators. */
  readonly aws: AwsConfig | undefined;
}

/** Start-up configuration that cannot be used; the message names every offending variable. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Reads and validates the environment once, at start-up. Outside production the API keys and the
 * token secret fall back to documented local values; in production every one is required.
 */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = environmentSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const vars = parsed.data;
  const production = vars.NODE_ENV === 'production';
  const { aws, problems } = toAwsConfig(vars, production);
  if (production && !vars.API_KEYS) problems.push('API_KEYS is required in production (comma-separated keys)');
  if (production && !vars.TOKEN_SECRET)
    problems.push('TOKEN_SECRET is required in production (comma-separated secrets of 32+ random characters)');
  const apiKeys = (vars.API_KEYS ?? localApiKey)
    .split(',')
    .map((key) => key.trim())
    .filter(Boolean);
  if (apiKeys.length === 0) problems.push('API_KEYS holds no key');
  if (vars.HEADERS_TIMEOUT_MS > vars.REQUEST_TIMEOUT_MS) {
    problems.push('HEADERS_TIMEOUT_MS must not exceed REQUEST_TIMEOUT_MS: the headers are part of the request');
  }
  // An upload writes its object before the record points at it, within one request: the avatar
  // sweeper, which removes unreferenced objects older than its grace, must never see one in between.
  if (vars.REQUEST_TIMEOUT_MS >= minimumSweepGraceSeconds * 1000) {
    problems.push(
      `REQUEST_TIMEOUT_MS must be under ${minimumSweepGraceSeconds * 1000} (the avatar sweeper's shortest grace): an upload's object waits up to one request for its record`,
    );
  }
  if (vars.PORT !== 0 && vars.PORT === vars.METRICS_PORT) {
    problems.push(`PORT and METRICS_PORT are both ${vars.PORT}: the metrics need a port of their own`);
  }
  if (problems.length > 0) throw new ConfigError(problems);

  return {
    production,
    host: vars.HOST,
    port: vars.PORT,
    metricsPort: vars.METRICS_PORT,
    apiKeys,
    tokenSecrets: vars.TOKEN_SECRET ?? [localTokenSecret],
    avatarMaxBytes: vars.AVATAR_MAX_BYTES,
    avatarMaxPixels: vars.AVATAR_MAX_PIXELS,
    uploadConcurrency: vars.UPLOAD_CONCURRENCY,
    dataDir: vars.DATA_DIR,
    logLevel: vars.LOG_LEVEL,
    shutdownGraceMs: vars.SHUTDOWN_GRACE_MS,
    shutdownDelayMs: vars.SHUTDOWN_DELAY_MS,
    dependencyCheckIntervalMs: vars.DEPENDENCY_CHECK_INTERVAL_MS,
    headersTimeoutMs: vars.HEADERS_TIMEOUT_MS,
    requestTimeoutMs: vars.REQUEST_TIMEOUT_MS,
    version: vars.APP_VERSION,
    aws,
  };
}

/** The documented key the API accepts when API_KEYS is not set outside production. */
export const localDevApiKey = localApiKey;
