// The production entry point, and the only one in the bundle: it runs against AWS (or anything
// that speaks its protocols) and never starts emulators.
import { ConfigError, loadConfig } from './config.js';
import { startApi } from './start.js';

try {
  // Unset NODE_ENV means production here: the documented local key and token secret never open a
  // bundle that someone started without it.
  const config = loadConfig({ NODE_ENV: 'production', ...process.env });
  if (!config.aws) {
    throw new ConfigError([
      'AWS_REGION, USERS_TABLE and AVATARS_BUCKET are required: this entry point does not start emulators (use `pnpm start` for that)',
    ]);
  }
  await startApi(config, config.aws);
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
}
