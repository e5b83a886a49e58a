import { describe, expect, it } from 'vitest';
import { png, testContext } from '../../testing/index.js';
import {
  minimumSweepGraceSeconds,
  stagedUploadRetentionSeconds,
  uploadTokenLifetimeSeconds,
} from '../upload-lifetimes.js';
import { avatarKey, stagedUploadKey } from '../user.js';
import { createUser } from './create-user.js';
import { reconcileAvatars, SweepGraceTooShortError } from './reconcile-avatars.js';

const hour = 3_600_000;
const now = new Date('2026-06-01T12:00:00Z');
const longAgo = new Date(now.getTime() - 48 * hour);
const justNow = new Date(now.getTime() - 60_000);
const ago = (ms: number) => new Date(now.getTime() - ms);

/** An avatar record pointing at `key`, changed at `at`. */
const avatarAt = (key: string, at = longAgo) => ({
  key,
  contentType: 'image/png' as const,
  size: 64,
  updatedAt: at.toISOString(),
});

async function mixedStates() {
  const env = testContext();
  const { ctx, users, avatars } = env;
  const withAvatar = await createUser(ctx, { name: 'kept', email: 'kept@example.com' });
  const current = avatarKey(withAvatar.id, 'current');
  await avatars.put(current, png(), 'image/png', longAgo);
  await users.replaceAvatar(withAvatar.id, avatarAt(current));

  const replaced = avatarKey(withAvatar.id, 'replaced-long-ago');
  await avatars.put(replaced, png(), 'image/png', longAgo);
  const ofDeletedUser = avatarKey('gone-user', 'left-behind');
  await avatars.put(ofDeletedUser, png(), 'image/png', longAgo);
  const uploading = avatarKey(withAvatar.id, 'written-just-now');
  await avatars.put(uploading, png(), 'image/png', justNow);

  const dangling = await createUser(ctx, { name: 'dangling', email: 'dangling@example.com' });
  await users.replaceAvatar(dangling.id, avatarAt(avatarKey(dangling.id, 'missing')));
  return { ...env, withAvatar, current, replaced, ofDeletedUser, uploading, dangling };
}

const options = { now, graceMs: 24 * hour, pageSize: 2 };

describe('reconcileAvatars', () => {
  it('deletes old orphans, keeps current avatars and young objects, and repairs dangling records', async () => {
    const { ctx, avatars, users, current, uploading, dangling } = await mixedStates();
    const report = await reconcileAvatars(ctx, { ...options, dryRun: false });
    expect(report).toEqual({ scanned: 4, kept: 2, deleted: 2, repaired: 1, errors: 0 });
    expect([...avatars.objects.keys()].sort()).toEqual([current, uploading].sort());
    expect(users.byId.get(dangling.id)?.avatar).toBeNull();
  });

  it('changes nothing on a second run', async () => {
    const { ctx } = await mixedStates();
    await reconcileAvatars(ctx, { ...options, dryRun: false });
    expect(await reconcileAvatars(ctx, { ...options, dryRun: false })).toEqual({
      scanned: 2,
      kept: 2,
      deleted: 0,
      repaired: 0,
      errors: 0,
    });
  });

  it('only reports in a dry run', async () => {
    const { ctx, avatars, users, dangling } = await mixedStates();
    const report = await reconcileAvatars(ctx, { ...options, dryRun: true });
    expect(report).toMatchObject({ deleted: 2, repaired: 1 });
    expect(avatars.objects.size).toBe(4);
    expect(users.byId.get(dangling.id)?.avatar).not.toBeNull();
  });

  it('does not delete an object that became the current avatar after it was listed', async () => {
    const { ctx, users, avatars, replaced } = await mixedStates();
    const owner = replaced.split('/')[1]!;
    const findByIds = users.findByIds.bind(users);
    let calls = 0;
    users.findByIds = async (ids) => {
      calls += 1;
      // Between the first look and the re-check, the user attaches the old object again.
      if (calls === 2) await users.replaceAvatar(owner, avatarAt(replaced, now));
      return findByIds(ids);
    };
    await reconcileAvatars(ctx, { ...options, pageSize: 10, dryRun: false });
    expect(avatars.objects.has(replaced)).toBe(true);
  });

  it('counts failures as errors and goes on', async () => {
    const { ctx, avatars } = await mixedStates();
    avatars.exists = async () => {
      throw new Error('S3 is down');
    };
    const report = await reconcileAvatars(ctx, { ...options, dryRun: false });
    expect(report.errors).toBe(2);
    expect(report.deleted).toBe(2);
  });

  it('leaves a record whose avatar changed within the grace period, even if its object is not there (yet)', async () => {
    const { ctx, users, dangling } = await mixedStates();
    const fresh = avatarAt(avatarKey(dangling.id, 'slow-to-appear'), ago(options.graceMs - 1000));
    await users.replaceAvatar(dangling.id, fresh);
    const report = await reconcileAvatars(ctx, { ...options, dryRun: false });
    expect(report.repaired).toBe(0);
    expect(users.byId.get(dangling.id)?.avatar).toEqual(fresh);
  });

  it('deletes staged uploads only once no upload token can complete them, whatever the grace', async () => {
    const { ctx, avatars } = testContext();
    const retention = stagedUploadRetentionSeconds * 1000;
    const completable = stagedUploadKey('u', 'token-still-valid');
    const expired = stagedUploadKey('u', 'token-long-expired');
    await avatars.put(completable, png(), 'image/png', ago(uploadTokenLifetimeSeconds * 1000));
    await avatars.put(expired, png(), 'image/png', ago(retention + 1000));
    const report = await reconcileAvatars(ctx, {
      now,
      graceMs: minimumSweepGraceSeconds * 1000,
      pageSize: 10,
      dryRun: false,
    });
    expect(report).toEqual({ scanned: 2, kept: 1, deleted: 1, repaired: 0, errors: 0 });
    expect([...avatars.objects.keys()]).toEqual([completable]);
  });

  it.each([0, 1e-9, minimumSweepGraceSeconds * 1000 - 1, Number.NaN])(
    'refuses a grace of %s ms, below the minimum derived from the upload lifetimes, touching nothing',
    async (graceMs) => {
      const { ctx, avatars } = await mixedStates();
      await expect(reconcileAvatars(ctx, { ...options, graceMs, dryRun: false })).rejects.toThrow(
        SweepGraceTooShortError,
      );
      expect(avatars.objects.size).toBe(4);
    },
  );

  it('counts an object deleted by another run first as not deleted by this one', async () => {
    const { ctx, users } = await mixedStates();
    // Run B lists, then is held at its first look at the records until run A has finished.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const bListed = new Promise<void>((resolve) => (entered = resolve));
    const findByIds = users.findByIds.bind(users);
    const holdingRepository = Object.create(users) as typeof users;
    holdingRepository.findByIds = async (ids) => {
      entered();
      await held;
      return findByIds(ids);
    };
    const runB = reconcileAvatars({ ...ctx, users: holdingRepository }, { ...options, pageSize: 10, dryRun: false });
    await bListed;
    const a = await reconcileAvatars(ctx, { ...options, pageSize: 10, dryRun: false });
    release();
    const b = await runB;
    expect(a.deleted).toBe(2);
    expect(b.deleted).toBe(0);
  });
});
