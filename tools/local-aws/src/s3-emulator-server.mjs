// The S3 emulator's process: @20minutes/s3rver on 127.0.0.1, run under supervisor.mjs.
//
//   node s3-emulator-server.mjs '{"port":0,"directory":"/data","buckets":["a","b"],"temporary":false}'
//
// Buckets are created with s3rver's configureBuckets (CreateBucket from AWS SDK v3 fails on it).
// Prints "s3-emulator listening on 127.0.0.1:<port>" once it listens (port 0 picks a free one).
// A temporary directory is removed on SIGTERM, which the supervisor sends even when our parent
// died without calling stop().
import S3rver from '@20minutes/s3rver';
import { rmSync } from 'node:fs';

const { port, directory, buckets, temporary } = JSON.parse(process.argv[2] ?? '{}');
const stop = () => {
  if (temporary) rmSync(directory, { recursive: true, force: true });
  process.exit(0);
};
process.on('SIGTERM', stop);
// The supervisor stops us when our owner goes; if the supervisor itself is killed outright
// (SIGKILL leaves it no time), being orphaned stops us too.
const supervisor = process.ppid;
setInterval(() => process.ppid !== supervisor && stop(), 1000).unref();
const server = new S3rver({
  address: '127.0.0.1',
  port,
  directory,
  silent: true,
  configureBuckets: buckets.map((name) => ({ name, configs: [] })),
});

// AWS SDK v3 sends bucket-level requests (HeadBucket, ListObjectsV2, DeleteObjects…) path-style as
// `/<bucket>/` and signs that path, but s3rver rebuilds the signed path as `/<bucket>` and refuses
// the signature. For exactly those requests, make it rebuild `/<bucket>/`: its authentication
// middleware appends ctx.mountPath after the bucket when ctx.state.vhost is set, and nothing else
// it runs for SDK requests reads either. Spliced in just before the router.
server.middleware.splice(server.middleware.length - 1, 0, function bucketTrailingSlash(ctx, next) {
  if (/^\/[^/]+\/$/.test(ctx.path) && !ctx.state.vhost) {
    ctx.state.vhost = true;
    ctx.mountPath = '/';
  }
  return next();
});

try {
  const address = await server.run();
  console.log(`s3-emulator listening on 127.0.0.1:${address.port}`);
} catch (error) {
  console.error(`s3-emulator: ${error.message}`);
  process.exit(1);
}
