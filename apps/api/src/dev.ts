// The development entry point behind `pnpm start`. With AWS variables set it behaves exactly like
// main.ts; without them it starts AWS's DynamoDB Local and an S3 emulator on 127.0.0.1 as child
// processes, keeps their data under DATA_DIR, and runs the API against them through the same SDK
// clients it uses against AWS. Never bundled for production.
import { resolve } from 'node:path';
import { findJava } from '@platform/local-aws';
import { ConfigError, loadConfig, localDevApiKey, type Config } from './config.js';
import { embeddedAwsConfig, startEmbeddedAws } from '@platform/users-emulators';
import { ensurePortsFree } from './server.js';
import { startApi } from './start.js';

async function startEmbedded(config: Config) {
  const java = await findJava();
  if (!java.ok) throw new ConfigError([`DynamoDB Local needs Java 17 or newer. ${java.message}`]);
  // The documented local key must not open the API to the network: loopback unless HOST says otherwise.
  const apiConfig = process.env.HOST === undefined ? { ...config, host: '127.0.0.1' } : config;
  await ensurePortsFree(apiConfig.host, { PORT: apiConfig.port, METRICS_PORT: apiConfig.metricsPort });

  const local = await startEmbeddedAws({ dataDir: resolve(config.dataDir) });
  const running = await startApi(apiConfig, embeddedAwsConfig(local), {
    credentials: local.credentials,
    onClosed: () => local.stop(),
  });
  const key = config.apiKeys.includes(localDevApiKey) ? localDevApiKey : '<one of API_KEYS>';
  console.log(`
  Users API on embedded AWS emulators (data in ${resolve(config.dataDir)})
    API        ${running.url}
    Swagger UI ${running.url}/swagger
    Metrics    ${running.metricsUrl}
    API key    ${key}
    DynamoDB   ${local.dynamoDbEndpoint} (table ${local.usersTable})
    S3         ${local.s3Endpoint} (bucket ${local.avatarsBucket})

  Try it:
    curl -s -X POST ${running.url}/users -H 'X-API-Key: ${key}' -H 'Content-Type: application/json' -d '{"name":"Ada Lovelace","email":"ada@example.com"}'

  Ctrl-C stops the API and the emulators.
`);
}

try {
  const config = loadConfig(process.env);
  if (config.aws) await startApi(config, config.aws);
  else await startEmbedded(config);
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
}
