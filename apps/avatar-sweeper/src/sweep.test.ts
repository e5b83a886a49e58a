// The race of finding 9 (issue 15), made deterministic: the sweeper's DeleteObjects is held at a
// latch while a direct upload is completed, then let go. Before staging, with a short grace, the
// held delete removed the object /complete had just attached (answered 200), and the repair step
// then cleared the record. Here the sweeper runs with the shortest grace its configuration
// accepts, over the in-memory ports (the use-cases are the ones the API runs), at the moment the
// staged upload is as old as a still-valid token allows.
import {
  avatarKey,
  completeAvatarUpload,
  createUser,
  minimumSweepGraceSeconds,
  requestAvatarUpload,
  stagedUploadKey,
  stagedUploadRetentionSeconds,
  uploadTokenLifetimeSeconds,
  type AvatarStore,
} from '@platform/users-domain';
import { png, testContext } from '@platform/users-domain/testing';
import { describe, expect, it } from 'vitest';
import { loadSweeperConfig } from './config.js';
import { sweepWith } from './sweep.js';

const second = 1000;
const config = loadSweeperConfig(
  {
    NODE_ENV: 'production',
    AWS_REGION: 'r',
    USERS_TABLE: 't',
    AVATARS_BUCKET: 'b',
    SWEEP_GRACE_SECONDS: String(minimumSweepGraceSeconds),
    LOG_LEVEL: 'silent',
  },
  [],
);
if (config === 'help') throw new Error('no --help here');

/** Holds the store's first deleteMany until `open()`; `reached` resolves when it is called. */
function holdDeleteMany(store: AvatarStore) {
  let open!: () => void;
  let arrived!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  const reached = new Promise<void>((resolve) => (arrived = resolve));
  const deleteMany = store.deleteMany.bind(store);
  const held: AvatarStore = Object.create(store);
  held.deleteMany = async (keys) => {
    arrived();
    await opened;
    return deleteMany(keys);
  };
  return { held, reached, open };
}

async function stagedUpload() {
  const env = testContext({ avatarMaxBytes: 1024 });
  const user = await createUser(env.ctx, { name: 'Ada', email: 'ada@example.com' });
  const granted = env.clock.now;
  const grant = await requestAvatarUpload(env.ctx, { userId: user.id, contentType: 'image/png', size: 64 });
  const { uploadId } = env.ctx.uploadTokens.decode(grant.uploadToken);
  await env.avatars.put(stagedUploadKey(user.id, uploadId), png(64), 'image/png', granted);
  // Something the sweeper does delete, so that its DeleteObjects is reached and held.
  await env.avatars.put(avatarKey('deleted-user', 'orphan'), png(), 'image/png', new Date(0));
  const complete = () => completeAvatarUpload(env.ctx, { userId: user.id, uploadToken: grant.uploadToken });
  return { ...env, user, granted, complete, finalKey: avatarKey(user.id, uploadId) };
}

describe('the sweeper with its DeleteObjects held while an upload is completed', () => {
  it('keeps the avatar /complete attached, and its record, at the shortest grace it accepts', async () => {
    const env = await stagedUpload();
    // The last moment the token is valid: the staged file is as old as a completable one can be.
    env.clock.now = new Date(env.granted.getTime() + uploadTokenLifetimeSeconds * second - second);
    const { held, reached, open } = holdDeleteMany(env.avatars);
    const run = sweepWith({ users: env.users, avatars: held }, config, { now: env.clock.now });
    await reached;

    const { user } = await env.complete();
    expect(user.avatar?.key).toBe(env.finalKey);
    open();
    expect(await run).toBe(0);

    expect(env.avatars.objects.get(env.finalKey)).toEqual(png(64));
    expect(env.users.byId.get(env.user.id)?.avatar?.key).toBe(env.finalKey);
    // A later sweep, once the avatar is older than the grace, keeps it too: it is referenced.
    const later = new Date(env.clock.now.getTime() + minimumSweepGraceSeconds * second * 2);
    expect(await sweepWith(env, config, { now: later })).toBe(0);
    expect(env.avatars.objects.has(env.finalKey)).toBe(true);
    expect(env.users.byId.get(env.user.id)?.avatar?.key).toBe(env.finalKey);
  });

  it('removes a staged upload only once its token has expired, so /complete can no longer use it', async () => {
    const env = await stagedUpload();
    env.clock.now = new Date(env.granted.getTime() + stagedUploadRetentionSeconds * second + second);
    expect(await sweepWith(env, config, { now: env.clock.now })).toBe(0);
    expect([...env.avatars.objects.keys()]).toEqual([]);
    await expect(env.complete()).rejects.toThrow(/expired/);
  });
});
