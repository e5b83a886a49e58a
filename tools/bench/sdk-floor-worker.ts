// The SDK floors (issue 13, item 1), in a process of their own: the AWS calls the API's data paths
// make, each driven bare — no Hono, no use-case, no logging — for `seconds` with `inFlight` calls at
// a time, on the very clients the API builds: `connectUsersData` from @platform/aws-adapters, fed
// the same environment as the bench's API process and parsed by the same `toAwsConfig`, so a change
// to the clients' configuration reaches the floors too. The figure is this process's CPU time
// (user + system, /proc) per call. Started by sdk-floors.ts; writes its results as JSON to argv[2].
//
//   node --conditions=@platform/source --import tsx sdk-floor-worker.ts <out.json> <input.json>
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import {
  awsEnvironmentShape,
  connectUsersData,
  listingPartition,
  toAwsConfig,
  UserListingIndex,
  usersByCreatedAtIndex,
} from '@platform/aws-adapters';
import { cpuSecondsOf } from './processes.js';

export interface FloorInput {
  readonly seconds: number;
  readonly warmupSeconds: number;
  readonly inFlight: number;
  /** Users that exist (GetItem, UpdateItem read and write them). */
  readonly userIds: readonly string[];
  /** The avatar body the API's upload scenario sends. */
  readonly objectBytes: number;
  /** The request time-out the API gives a streamed PutObject (its REQUEST_TIMEOUT_MS). */
  readonly streamRequestTimeoutMs: number;
}

export interface FloorResult {
  readonly operation: string;
  readonly calls: number;
  readonly failures: number;
  readonly cpuMicrosPerCall: number;
}

const [outPath, inputPath] = process.argv.slice(2);
if (!outPath || !inputPath) throw new Error('usage: sdk-floor-worker.ts <out.json> <input.json>');
const input = JSON.parse(readFileSync(inputPath, 'utf8')) as FloorInput;

// The SDK and zod as the adapters load them (the workspace root does not depend on them): the same
// copies, so the same code runs as in the API.
const requireFromAdapters = createRequire(
  join(import.meta.dirname, '..', '..', 'packages', 'aws-adapters', 'package.json'),
);
type Command = new (input: Record<string, unknown>) => object;
const {
  CopyObjectCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
} = requireFromAdapters('@aws-sdk/client-s3') as Record<
  | 'CopyObjectCommand'
  | 'DeleteObjectCommand'
  | 'DeleteObjectsCommand'
  | 'GetObjectCommand'
  | 'HeadObjectCommand'
  | 'ListObjectsV2Command'
  | 'PutObjectCommand',
  Command
>;
const { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } = requireFromAdapters(
  '@aws-sdk/lib-dynamodb',
) as Record<'GetCommand' | 'QueryCommand' | 'TransactWriteCommand' | 'UpdateCommand', Command>;
const { z } = requireFromAdapters('zod') as {
  z: { object(shape: typeof awsEnvironmentShape): { parse(vars: unknown): Parameters<typeof toAwsConfig>[0] } };
};

const vars = z.object(awsEnvironmentShape).parse(process.env);
const { aws, problems } = toAwsConfig(vars, true);
if (!aws) throw new Error(`the floors need the API's AWS environment: ${problems.join('; ')}`);
// The clients the app's composition root builds (apps/api/src/composition.ts), with a call observer
// as the app has one, used bare.
let observed = 0;
const data = connectUsersData(aws, {
  observe: () => observed++,
  streamRequestTimeoutMs: input.streamRequestTimeoutMs,
});
interface SdkClient {
  send(
    command: object,
    options?: { requestTimeout?: number },
  ): Promise<{ Body?: { transformToByteArray(): Promise<Uint8Array> } }>;
}
const dynamoDb: SdkClient = data.clients.dynamoDb;
const s3: SdkClient = data.clients.s3;
const table = aws.usersTable;
const bucket = aws.avatarsBucket;
const listing = new UserListingIndex(aws.listingShards);
const body = Buffer.alloc(input.objectBytes, 7);

let next = 0;
const anyUser = () => input.userIds[next++ % input.userIds.length] ?? 'none';
/** Objects stored by the PutObject and CopyObject loops: what the delete loop removes. */
const stored: string[] = [];
const staged = `bench-floors/staged-${randomUUID()}`;

const operations: Record<string, () => Promise<unknown>> = {
  // findById
  GetItem: () =>
    dynamoDb.send(new GetCommand({ TableName: table, Key: { pk: `USER#${anyUser()}` }, ConsistentRead: true })),
  // UserListingIndex.page, first page of GET /users?limit=20, one shard
  Query: () =>
    dynamoDb.send(
      new QueryCommand({
        TableName: table,
        IndexName: usersByCreatedAtIndex,
        KeyConditionExpression: 'gsi1pk = :partition',
        ExpressionAttributeValues: { ':partition': listingPartition(0) },
        ScanIndexForward: false,
        Limit: 21,
      }),
    ),
  // create: the user and its email reservation, both conditional
  TransactWriteItems: () => {
    const id = randomUUID();
    const email = `floor-${id}@example.com`;
    const createdAt = new Date().toISOString();
    return dynamoDb.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: table,
              Item: {
                pk: `USER#${id}`,
                ...listing.keysOf({ id, createdAt }),
                id,
                name: 'Floor',
                email,
                createdAt,
                avatar: null,
                version: 0,
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Put: {
              TableName: table,
              Item: { pk: `EMAIL#${email}`, userId: id },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
        ],
      }),
    );
  },
  // replaceAvatar
  UpdateItem: () =>
    dynamoDb.send(
      new UpdateCommand({
        TableName: table,
        Key: { pk: `USER#${anyUser()}` },
        UpdateExpression: 'SET avatar = :avatar, #version = if_not_exists(#version, :zero) + :one',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: {
          ':avatar': {
            key: `avatars/${randomUUID()}`,
            contentType: 'image/png',
            size: body.length,
            updatedAt: new Date().toISOString(),
          },
          ':zero': 0,
          ':one': 1,
        },
        ReturnValues: 'ALL_OLD',
      }),
    ),
  // putStream with a known size: one PutObject, the body read as it is sent
  PutObject: () => {
    const key = `bench-floors/${randomUUID()}`;
    stored.push(key);
    return s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: Readable.from([body]),
        ContentLength: body.length,
        ContentType: 'application/octet-stream',
      }),
      { requestTimeout: input.streamRequestTimeoutMs },
    );
  },
  // copy: the staged upload to the avatar's key, served as its verified type
  CopyObject: () => {
    const key = `bench-floors/${randomUUID()}`;
    stored.push(key);
    return s3.send(
      new CopyObjectCommand({
        Bucket: bucket,
        Key: key,
        CopySource: `${bucket}/${staged}`,
        MetadataDirective: 'REPLACE',
        ContentType: 'image/png',
        ContentDisposition: 'inline; filename="avatar.png"',
      }),
    );
  },
  HeadObject: () => s3.send(new HeadObjectCommand({ Bucket: bucket, Key: staged })),
  GetObject: async () => {
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: staged }));
    return object.Body?.transformToByteArray();
  },
  // deleteUser: a user's prefixes listed for objects to remove (none, as a rule)
  ListObjectsV2: () =>
    s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `uploads/${randomUUID()}/`, MaxKeys: 1000 })),
  // delete (the replaced avatar, the staged upload): objects the loops above stored
  DeleteObject: () =>
    s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: stored.pop() ?? `bench-floors/${randomUUID()}` })),
  // two objects at once (the staged upload and the avatar it replaced), as deleteMany sends them
  DeleteObjects: () => {
    const keys = [stored.pop(), stored.pop()].map((key) => key ?? `bench-floors/${randomUUID()}`);
    return s3.send(
      new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys.map((Key) => ({ Key })), Quiet: true } }),
    );
  },
};

/** `inFlight` loops calling `call` until `seconds` pass; counts calls, failures and CPU time. */
async function drive(call: () => Promise<unknown>, seconds: number) {
  const until = performance.now() + seconds * 1000;
  const cpuBefore = cpuSecondsOf(process.pid);
  let calls = 0;
  let failures = 0;
  await Promise.all(
    Array.from({ length: input.inFlight }, async () => {
      while (performance.now() < until) {
        await call().catch(() => failures++);
        calls++;
      }
    }),
  );
  return { calls, failures, cpuSeconds: cpuSecondsOf(process.pid) - cpuBefore };
}

await s3.send(new PutObjectCommand({ Bucket: bucket, Key: staged, Body: body, ContentType: 'image/png' }));
const results: FloorResult[] = [];
for (const [operation, call] of Object.entries(operations)) {
  await drive(call, input.warmupSeconds);
  const run = await drive(call, input.seconds);
  results.push({
    operation,
    calls: run.calls,
    failures: run.failures,
    cpuMicrosPerCall: run.calls > 0 ? (run.cpuSeconds * 1e6) / run.calls : NaN,
  });
}
data.close();
writeFileSync(outPath, JSON.stringify({ results, observed }));
