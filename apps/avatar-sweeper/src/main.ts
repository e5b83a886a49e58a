// The production entry point, and the only one in the bundle: runs once against AWS, as of the
// moment it starts (the real clock's), and exits.
import { loadSweeperConfig, usage, UsageError } from './config.js';
import { sweep } from './sweep.js';

try {
  const config = loadSweeperConfig(process.env, process.argv.slice(2));
  if (config === 'help') {
    console.log(usage);
    process.exit(0);
  }
  if (!config.aws) throw new UsageError(['AWS_REGION, USERS_TABLE and AVATARS_BUCKET are required']);
  process.exitCode = await sweep(config, config.aws, { now: new Date() });
} catch (error) {
  console.error(error instanceof UsageError ? error.message : error);
  process.exitCode = error instanceof UsageError ? 2 : 1;
}
