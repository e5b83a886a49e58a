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
import { rmdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';

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

// s3rver deletes an object's files, then removes its now-empty parent folders with readdirSync and a
// recursive rm. Two deletes under one folder at once (two DeleteObjects of the same keys, as two
// avatar sweeps send, or the keys of one request) make those throw ENOENT, answered as a 500 that S3
// never gives; and a recursive rm can take an object another request has just written there. Delete
// the same files, then remove empty folders one by one with rmdir, which refuses a folder that is
// not empty and stops at one already gone.
const { store } = server;
store.deleteObject = async function deleteObject(bucket, key) {
  for (const kind of ['object', 'object.md5', 'metadata.json']) {
    await unlink(store.getResourcePath(bucket, key, kind)).catch((error) => {
      if (error.code !== 'ENOENT') throw error;
    });
  }
  const folders = key.split('/').slice(0, -1);
  for (; folders.length > 0; folders.pop()) {
    const removed = await rmdir(join(store.getBucketPath(bucket), ...folders)).then(
      () => true,
      (error) => {
        if (['ENOENT', 'ENOTEMPTY', 'EEXIST'].includes(error.code)) return false;
        throw error;
      },
    );
    if (!removed) break;
  }
};

try {
  const address = await server.run();
  console.log(`s3-emulator listening on 127.0.0.1:${address.port}`);
} catch (error) {
  console.error(`s3-emulator: ${error.message}`);
  process.exit(1);
}
