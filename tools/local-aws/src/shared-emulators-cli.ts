// The emulators for a whole workspace test run (tools/test-all.mjs starts this once): DynamoDB Local
// and the S3 emulator with nothing in them, their endpoints printed as one JSON line, then kept
// until SIGTERM or until stdin closes (the parent is gone). Every project's vitest global setup
// finds them in SHARED_EMULATORS and starts none of its own.
import { startLocalAws } from './start-local-aws.js';

const local = await startLocalAws({ tables: [], buckets: [] });
console.log(JSON.stringify({ dynamoDbEndpoint: local.dynamoDbEndpoint, s3Endpoint: local.s3Endpoint }));
const stop = () => void local.stop().then(() => process.exit(0));
process.once('SIGTERM', stop);
process.stdin.on('end', stop).resume();
