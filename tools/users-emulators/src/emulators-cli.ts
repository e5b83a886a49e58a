// `npm run emulators`: DynamoDB Local and the S3 emulator as one long-lived process, with the users
// table and the avatars bucket created, so that the API (or another app, or a benchmark) can run
// in AWS mode against them exactly as it would against AWS.
import { resolve } from 'node:path';
import { findJava } from '@platform/local-aws';
import { awsEnvironment, startEmbeddedAws } from './embedded-aws.js';

const port = (name: string) => {
  const value = process.env[name];
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65_535) {
    console.error(`${name} must be a port number from 0 (any free port) to 65535, not ${JSON.stringify(value)}`);
    process.exit(2);
  }
  return parsed;
};

const java = await findJava();
if (!java.ok) {
  console.error(`DynamoDB Local needs Java 17 or newer. ${java.message}`);
  process.exit(1);
}
const dataDir = resolve(process.env.DATA_DIR ?? '.data');
const dynamoDbPort = port('DYNAMODB_PORT') ?? 8000;
const s3Port = port('S3_PORT') ?? 4569;
const local = await startEmbeddedAws({ dataDir, dynamoDbPort, s3Port });

console.log(`DynamoDB Local and the S3 emulator are running (data in ${dataDir}). Run the API against them with:

${Object.entries(awsEnvironment(local))
  .map(([name, value]) => `  export ${name}=${value}`)
  .join('\n')}
  pnpm start                 # or any app, or a benchmark

Ctrl-C stops them.`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void local.stop().then(() => process.exit(0)));
}
