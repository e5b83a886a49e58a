// `pnpm nx run avatar-sweeper:start -- [--dry-run | --apply]`: like main.ts with AWS variables; without
// them it runs against the embedded emulators' data in DATA_DIR (stop `npm start` first: DynamoDB
// Local's files are not shared between processes).
import { resolve } from 'node:path';
import { embeddedAwsConfig, startEmbeddedAws } from '@platform/users-emulators';
import { loadSweeperConfig, usage, UsageError } from './config.js';
import { sweep } from './sweep.js';

try {
  const config = loadSweeperConfig(process.env, process.argv.slice(2));
  if (config === 'help') {
    console.log(usage);
  } else if (config.aws) {
    process.exitCode = await sweep(config, config.aws, { now: new Date() });
  } else {
    const local = await startEmbeddedAws({ dataDir: resolve(config.dataDir) });
    try {
      process.exitCode = await sweep(config, embeddedAwsConfig(local), {
        now: new Date(),
        credentials: local.credentials,
      });
    } finally {
      await local.stop();
    }
  }
} catch (error) {
  console.error(error instanceof UsageError ? error.message : error);
  process.exitCode = error instanceof UsageError ? 2 : 1;
}
