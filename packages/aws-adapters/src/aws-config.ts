import { z } from 'zod';
import { defaultListingShards, maxListingShards } from './dynamodb/user-listing.js';

/** Where the users data lives and how to reach it: every app of the service reads the same variables. */
export interface AwsConfig {
  readonly region: string;
  readonly usersTable: string;
  readonly avatarsBucket: string;
  /** Set for emulators or LocalStack; absent against AWS. */
  readonly dynamoDbEndpoint?: string;
  readonly s3Endpoint?: string;
  readonly maxAttempts: number;
  readonly connectionTimeoutMs: number;
  readonly requestTimeoutMs: number;
  /**
   * How many index partitions the user listing is spread over (UserListingIndex): the same for
   * every app that reads or writes users. Absent: `defaultListingShards`.
   */
  readonly listingShards?: number;
}

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const optionalText = z
  .string()
  .trim()
  .transform((value) => value || undefined)
  .optional();
const optionalUrl = optionalText.pipe(z.url().optional());

/** The AWS environment variables, for an app's configuration schema to include. */
export const awsEnvironmentShape = {
  AWS_REGION: optionalText,
  USERS_TABLE: optionalText,
  AVATARS_BUCKET: optionalText,
  AWS_ENDPOINT_URL: optionalUrl,
  AWS_ENDPOINT_URL_DYNAMODB: optionalUrl,
  AWS_ENDPOINT_URL_S3: optionalUrl,
  AWS_MAX_ATTEMPTS: positiveInt(3),
  AWS_CONNECT_TIMEOUT_MS: positiveInt(1_000),
  AWS_REQUEST_TIMEOUT_MS: positiveInt(3_000),
  USERS_LISTING_SHARDS: z.coerce.number().int().min(1).max(maxListingShards).default(defaultListingShards),
};

type AwsVariables = z.infer<z.ZodObject<typeof awsEnvironmentShape>>;
const requiredNames = ['AWS_REGION', 'USERS_TABLE', 'AVATARS_BUCKET'] as const;

/**
 * The AWS configuration from parsed variables: undefined when none of the required three is set
 * (the dev entry points then start emulators), or the problems when only some are, or when
 * `required` (production) and any is missing.
 */
export function toAwsConfig(vars: AwsVariables, required: boolean): { aws?: AwsConfig; problems: string[] } {
  const given = requiredNames.filter((name) => vars[name] !== undefined);
  if (!required && given.length === 0) return { problems: [] };
  const problems = requiredNames
    .filter((name) => vars[name] === undefined)
    .map((name) => `${name} is required${required ? ' in production' : ' with the other AWS variables'}`);
  if (problems.length > 0 || !vars.AWS_REGION || !vars.USERS_TABLE || !vars.AVATARS_BUCKET) return { problems };
  const dynamoDbEndpoint = vars.AWS_ENDPOINT_URL_DYNAMODB ?? vars.AWS_ENDPOINT_URL;
  const s3Endpoint = vars.AWS_ENDPOINT_URL_S3 ?? vars.AWS_ENDPOINT_URL;
  return {
    problems,
    aws: {
      region: vars.AWS_REGION,
      usersTable: vars.USERS_TABLE,
      avatarsBucket: vars.AVATARS_BUCKET,
      ...(dynamoDbEndpoint && { dynamoDbEndpoint }),
      ...(s3Endpoint && { s3Endpoint }),
      maxAttempts: vars.AWS_MAX_ATTEMPTS,
      connectionTimeoutMs: vars.AWS_CONNECT_TIMEOUT_MS,
      requestTimeoutMs: vars.AWS_REQUEST_TIMEOUT_MS,
      listingShards: vars.USERS_LISTING_SHARDS,
    },
  };
}
