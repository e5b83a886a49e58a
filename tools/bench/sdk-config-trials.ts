// The AWS SDK floor under configuration trials (issue 13, item 2): CPU time per call of bare-SDK
// loops, 10 calls in flight, against DynamoDB Local and the S3 emulator on loopback. Each variant
// runs in a child process of its own (so the CPU counted is only its own), in alternating rounds
// so that whatever else the machine does weighs on every variant alike. The variants differ from
// the app's clients (`createDynamoDbClient`/`createS3Client`) in one setting each. A measuring
// script, not a test: it prints a table and decides nothing; docs/benchmarks.md has the findings.
//
//   node tools/dev.mjs exec node --conditions=@platform/source --import tsx tools/bench/sdk-config-trials.ts \
//     [--canned] [--rounds 3] [--calls 3000] [--only GetItem]
import { execFile } from 'node:child_process';
import { Agent } from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { createDynamoDbClient, createS3Client, type AwsClientSettings } from '@platform/aws-adapters';
import { awsEnvironment, startEmbeddedAws } from '@platform/users-emulators';

// The SDK as the adapters load it (the workspace root does not depend on it): the same copies.
const requireFromAdapters = createRequire(
  join(import.meta.dirname, '..', '..', 'packages', 'aws-adapters', 'package.json'),
);
type Command = new (input: Record<string, unknown>) => object;
interface Client {
  send(command: object): Promise<{ Item?: Record<string, { S?: string; N?: string }> }>;
  middlewareStack: { remove(name: string): boolean };
}
const dynamoDb = requireFromAdapters('@aws-sdk/client-dynamodb') as Record<
  'GetItemCommand' | 'QueryCommand',
  Command
> & {
  DynamoDBClient: new (config: Record<string, unknown>) => Client;
};
const documents = requireFromAdapters('@aws-sdk/lib-dynamodb') as Record<
  'GetCommand' | 'PutCommand' | 'QueryCommand',
  Command
> & {
  DynamoDBDocumentClient: { from(client: Client, options: Record<string, unknown>): Client };
};
const s3 = requireFromAdapters('@aws-sdk/client-s3') as Record<
  'PutObjectCommand' | 'DeleteObjectCommand' | 'DeleteObjectsCommand',
  Command
> & { S3Client: new (config: Record<string, unknown>) => object };

const inFlight = 10;
const userId = '00000000-0000-4000-8000-000000000001';
const body = new Uint8Array(50 * 1024).fill(7);

/** What the API builds from the bench's environment (credentials from the default chain, as in production). */
const settings = (endpoint: string | undefined): AwsClientSettings => ({
  region: process.env.AWS_REGION ?? 'us-east-1',
  ...(endpoint && { endpoint }),
  maxAttempts: 3,
  connectionTimeoutMs: 1000,
  requestTimeoutMs: 3000,
});
const dynamoDbSettings = () => settings(process.env.AWS_ENDPOINT_URL_DYNAMODB);
const s3Settings = () => settings(process.env.AWS_ENDPOINT_URL_S3);
const table = () => process.env.USERS_TABLE ?? 'users';
const bucket = () => process.env.AVATARS_BUCKET ?? 'avatars';

/** The app's observer does this much besides the middleware: a call with the event. */
let observed = 0;
const observe = () => {
  observed++;
};

function without<T extends Client>(client: T, names: string[]): T {
  for (const name of names) if (!client.middlewareStack.remove(name)) throw new Error(`no middleware ${name}`);
  return client;
}

/** The app's DynamoDB settings on a client built here, with `requestHandler` as given. */
const plainDynamoDb = (requestHandler: Record<string, unknown>) =>
  new dynamoDb.DynamoDBClient({
    region: dynamoDbSettings().region,
    endpoint: dynamoDbSettings().endpoint,
    maxAttempts: 3,
    retryMode: 'standard',
    requestHandler,
  });
const appHandler = { connectionTimeout: 1000, requestTimeout: 3000, throwOnRequestTimeout: true };
/** The app's settings on clients built here with the SDK's own middleware stack, untouched. */
const stockDocuments = () =>
  documents.DynamoDBDocumentClient.from(plainDynamoDb(appHandler), {
    marshallOptions: { removeUndefinedValues: true },
  });
const stockS3 = () =>
  new s3.S3Client({
    region: s3Settings().region,
    endpoint: s3Settings().endpoint,
    forcePathStyle: true,
    maxAttempts: 3,
    retryMode: 'standard',
    requestHandler: appHandler,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  }) as unknown as Client;

const getUser = () =>
  new documents.GetCommand({ TableName: table(), Key: { pk: `USER#${userId}` }, ConsistentRead: true });
const firstPage = (Command: Command, partition: unknown) =>
  new Command({
    TableName: table(),
    IndexName: 'byCreatedAt',
    KeyConditionExpression: 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': partition },
    ScanIndexForward: false,
    Limit: 21,
  });
let n = 0;
const putAvatar = () =>
  new s3.PutObjectCommand({ Bucket: bucket(), Key: `trial/${n++ % 100}`, Body: body, ContentType: 'image/png' });

/** Each variant makes one call per invocation; the client is built once, before the loop. */
const variants: Record<string, () => () => Promise<unknown>> = {
  'GetItem: the app client (document client, call observer)': () => {
    const client = createDynamoDbClient(dynamoDbSettings(), { observe }) as unknown as Client;
    return () => client.send(getUser());
  },
  'GetItem: without the call observer': () => {
    const client = createDynamoDbClient(dynamoDbSettings()) as unknown as Client;
    return () => client.send(getUser());
  },
  'GetItem: an explicit keep-alive http.Agent (maxSockets 64)': () => {
    const handler = { ...appHandler, httpAgent: new Agent({ keepAlive: true, maxSockets: 64 }) };
    const client = documents.DynamoDBDocumentClient.from(plainDynamoDb(handler), {
      marshallOptions: { removeUndefinedValues: true },
    });
    return () => client.send(getUser());
  },
  'GetItem: without the user-agent and recursion-detection middleware': () => {
    const client = without(createDynamoDbClient(dynamoDbSettings(), { observe }) as unknown as Client, [
      'getUserAgentMiddleware',
      'recursionDetectionMiddleware',
    ]);
    return () => client.send(getUser());
  },
  'GetItem: SDK defaults (document client on a plain client: logger middleware, no observer)': () => {
    const client = stockDocuments();
    return () => client.send(getUser());
  },
  'GetItem: SDK defaults without the logger middleware': () => {
    const client = without(stockDocuments(), ['loggerMiddleware']);
    return () => client.send(getUser());
  },
  'GetItem: the base client, key and item marshalled by hand': () => {
    const client = plainDynamoDb(appHandler);
    return async () => {
      const { Item } = await client.send(
        new dynamoDb.GetItemCommand({ TableName: table(), Key: { pk: { S: `USER#${userId}` } }, ConsistentRead: true }),
      );
      return Item && { id: Item.id?.S, name: Item.name?.S, email: Item.email?.S, version: Number(Item.version?.N) };
    };
  },
  'Query (limit 21): the app client': () => {
    const client = createDynamoDbClient(dynamoDbSettings(), { observe }) as unknown as Client;
    return () => client.send(firstPage(documents.QueryCommand, 'USERS'));
  },
  'Query (limit 21): SDK defaults (logger middleware, no observer)': () => {
    const client = stockDocuments();
    return () => client.send(firstPage(documents.QueryCommand, 'USERS'));
  },
  'Query (limit 21): SDK defaults without the logger middleware': () => {
    const client = without(stockDocuments(), ['loggerMiddleware']);
    return () => client.send(firstPage(documents.QueryCommand, 'USERS'));
  },
  'Query (limit 21): the base client, items left marshalled': () => {
    const client = plainDynamoDb(appHandler);
    return () => client.send(firstPage(dynamoDb.QueryCommand, { S: 'USERS' }));
  },
  'PutObject 50 KiB: the app client': () => {
    const client = createS3Client(s3Settings(), { observe }) as unknown as Client;
    return () => client.send(putAvatar());
  },
  'PutObject 50 KiB: SDK defaults (logger middleware, no observer)': () => {
    const client = stockS3();
    return () => client.send(putAvatar());
  },
  'PutObject 50 KiB: SDK defaults without the logger middleware': () => {
    const client = without(stockS3(), ['loggerMiddleware']);
    return () => client.send(putAvatar());
  },
  'PutObject 50 KiB: without the user-agent, recursion-detection and S3 Express middleware': () => {
    const client = without(createS3Client(s3Settings(), { observe }) as unknown as Client, [
      'getUserAgentMiddleware',
      'recursionDetectionMiddleware',
      's3ExpressMiddleware',
    ]);
    return () => client.send(putAvatar());
  },
  'two objects removed: DeleteObject twice (cost of the pair)': () => {
    const client = createS3Client(s3Settings(), { observe }) as unknown as Client;
    return async () => {
      await client.send(new s3.DeleteObjectCommand({ Bucket: bucket(), Key: `trial/a-${n++}` }));
      await client.send(new s3.DeleteObjectCommand({ Bucket: bucket(), Key: `trial/b-${n++}` }));
    };
  },
  'two objects removed: one DeleteObjects': () => {
    const client = createS3Client(s3Settings(), { observe }) as unknown as Client;
    return () =>
      client.send(
        new s3.DeleteObjectsCommand({
          Bucket: bucket(),
          Delete: { Objects: [{ Key: `trial/a-${n++}` }, { Key: `trial/b-${n++}` }], Quiet: true },
        }),
      );
  },
};

/**
 * `--canned`: every client answers from a stand-in request handler with a fixed, well-formed
 * response (the shape DynamoDB and S3 send), so no socket and no emulator is involved: what is left
 * is the SDK's own work per call — middleware, signing, serialising, parsing — without the noise a
 * shared machine adds to a round trip. Node's HTTP client is what this leaves out.
 */
const cannedItem = (i: number) => ({
  pk: { S: `USER#${i}` },
  id: { S: String(i) },
  name: { S: `User ${i}` },
  email: { S: `user${i}@example.com` },
  createdAt: { S: '2026-01-01T00:00:00.000Z' },
  avatar: { NULL: true },
  version: { N: '1' },
  gsi1pk: { S: 'USERS' },
  gsi1sk: { S: `2026-01-01T00:00:00.000Z#${i}` },
});
function cannedBody(target: string): string {
  if (target.endsWith('.GetItem')) return JSON.stringify({ Item: cannedItem(1) });
  if (target.endsWith('.Query')) {
    return JSON.stringify({ Count: 21, ScannedCount: 21, Items: Array.from({ length: 21 }, (_, i) => cannedItem(i)) });
  }
  return '{}';
}
const cannedHandler = {
  handle: async (request: { headers: Record<string, string>; method: string; body?: { length?: number } }) => {
    const target = request.headers['x-amz-target'] ?? '';
    const json = target ? cannedBody(target) : '';
    const body = new TextEncoder().encode(json);
    const headers: Record<string, string> = target
      ? {
          'content-type': 'application/x-amz-json-1.0',
          'content-length': String(body.length),
          'x-amzn-requestid': 'canned',
        }
      : { etag: '"canned"', 'x-amz-request-id': 'canned', 'content-length': '0' };
    return { response: { statusCode: target || request.method !== 'DELETE' ? 200 : 204, headers, body } };
  },
  updateHttpClientConfig: () => undefined,
  httpHandlerConfigs: () => ({}),
  destroy: () => undefined,
};

/** In the child: a warm-up, then `calls` calls with `inFlight` at a time; prints CPU µs per call. */
async function runWorker(name: string, calls: number) {
  const make = variants[name];
  if (!make) throw new Error(`no variant ${name}`);
  if (process.env.SDK_TRIALS_CANNED) {
    // Every client built from here on answers from the stand-in (set before its first call).
    type Sender = { send(this: { config: { requestHandler: unknown } }, ...args: unknown[]): unknown };
    const clientClasses = [dynamoDb.DynamoDBClient, s3.S3Client, documents.DynamoDBDocumentClient] as unknown as {
      prototype: object;
    }[];
    // The SDK's base Client class, which every service client (and the document client) extends.
    for (const base of new Set(clientClasses.map((c) => Object.getPrototypeOf(c.prototype) as Sender))) {
      const send = base.send;
      base.send = function (this: { config: { requestHandler: unknown } }, ...args: unknown[]) {
        this.config.requestHandler = cannedHandler;
        return send.apply(this, args);
      };
    }
  }
  const call = make();
  const loop = async (count: number) => {
    let left = count;
    await Promise.all(
      Array.from({ length: inFlight }, async () => {
        while (left-- > 0) await call();
      }),
    );
  };
  await loop(Math.max(500, calls / 4));
  const before = process.cpuUsage();
  await loop(calls);
  const used = process.cpuUsage(before);
  process.stdout.write(JSON.stringify({ cpuUs: (used.user + used.system) / calls, observed }));
}

/** 40 users in the app's item layout on listing shard 0: one to read, a page to query. */
async function seed() {
  const client = createDynamoDbClient(dynamoDbSettings()) as unknown as Client & { destroy(): void };
  const base = Date.parse('2026-01-01T00:00:00Z');
  for (let i = 0; i < 40; i++) {
    const id = `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`;
    const createdAt = new Date(base + i * 1000).toISOString();
    const item = {
      pk: `USER#${id}`,
      id,
      name: `User ${i}`,
      email: `user${i}@example.com`,
      createdAt,
      avatar: null,
      version: 1,
    };
    await client.send(
      new documents.PutCommand({
        TableName: table(),
        Item: { ...item, gsi1pk: 'USERS', gsi1sk: `${createdAt}#${id}` },
      }),
    );
  }
  client.destroy();
}

const median = (figures: number[]) => [...figures].sort((a, b) => a - b)[Math.floor(figures.length / 2)] ?? NaN;

async function main() {
  const { values } = parseArgs({
    options: {
      worker: { type: 'string' },
      calls: { type: 'string', default: '3000' },
      rounds: { type: 'string', default: '3' },
      only: { type: 'string' },
      canned: { type: 'boolean', default: false },
    },
  });
  const calls = Number(values.calls);
  if (values.worker) return runWorker(values.worker, calls);

  // Canned: no emulator; the clients still need an endpoint and credentials to sign with.
  const aws = values.canned ? undefined : await startEmbeddedAws({});
  try {
    const awsEnv = aws
      ? awsEnvironment(aws)
      : {
          AWS_REGION: 'us-east-1',
          AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:9',
          AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:9',
          AWS_ACCESS_KEY_ID: 'canned',
          AWS_SECRET_ACCESS_KEY: 'canned',
        };
    const env = { ...process.env, ...awsEnv, NODE_ENV: 'production', ...(values.canned && { SDK_TRIALS_CANNED: '1' }) };
    Object.assign(process.env, awsEnv);
    if (aws) await seed();
    const names = Object.keys(variants).filter((name) => !values.only || name.includes(values.only));
    const results = new Map<string, number[]>(names.map((name) => [name, []]));
    for (let round = 1; round <= Number(values.rounds); round++) {
      for (const name of names) {
        const { stdout } = await promisify(execFile)(
          process.execPath,
          [...process.execArgv, import.meta.filename, '--worker', name, '--calls', String(calls)],
          { env },
        );
        const { cpuUs } = JSON.parse(stdout) as { cpuUs: number };
        results.get(name)?.push(cpuUs);
        process.stderr.write(`round ${round}: ${name}: ${cpuUs.toFixed(0)} µs/call\n`);
      }
    }
    const mode = values.canned ? 'canned responses' : 'DynamoDB Local and the S3 emulator';
    console.log(
      `| Variant (${mode}, ${inFlight} in flight, ${calls} calls a round) | CPU µs per call, by round | Median |`,
    );
    console.log('| --- | --- | ---: |');
    for (const [name, figures] of results) {
      console.log(`| ${name} | ${figures.map((f) => f.toFixed(0)).join(', ')} | ${median(figures).toFixed(0)} |`);
    }
  } finally {
    await aws?.stop();
  }
}

await main();
