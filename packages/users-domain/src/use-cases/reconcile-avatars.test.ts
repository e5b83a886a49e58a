import { describe, expect, it } from 'vitest';
import { png, testContext } from '../../testing/index.js';
import { avatarKey } from '../user.js';
import { createUser } from './create-user.js';
import { reconcileAvatars } from './reconcile-avatars.js';

const hour = 3_600_000;
const now = new Date('2026-06-01T12:00:00Z');
const longAgo = new Date(now.getTime() - 48 * hour);
const justNow = new Date(now.getTime() - 60_000);

async function mixedStates() {
  const env = testContext();
  const { ctx, users, avatars } = env;
  const withAvatar = await createUser(ctx, { name: 'kept', email: 'kept@example.com' });
  const current = avatarKey(withAvatar.id, 'current');
  await avatars.put(current, png(), 'image/png', longAgo);
  await users.replaceAvatar(withAvatar.id, { key: current, contentType: 'image/png', size: 64, updatedAt: 'x' });

  const replaced = avatarKey(withAvatar.id, 'replaced-long-ago');
  await avatars.put(replaced, png(), 'image/png', longAgo);
  const ofDeletedUser = avatarKey('gone-user', 'left-behind');
  await avatars.put(ofDeletedUser, png(), 'image/png', longAgo);
  const uploading = avatarKey(withAvatar.id, 'upload-in-progress');
  await avatars.put(uploading, png(), 'image/png', justNow);

  const dangling = await createUser(ctx, { name: 'dangling', email: 'dangling@example.com' });
  await users.replaceAvatar(dangling.id, {
    key: avatarKey(dangling.id, 'missing'),
    contentType: 'image/png',
    size: 1,
    updatedAt: 'x',
  });
  return { ...env, current, replaced, ofDeletedUser, uploading, dangling };
}

const options = { now, graceMs: 24 * hour, pageSize: 2 };

describe('reconcileAvatars', () => {
  it('deletes old orphans, keeps current avatars and young uploads, and repairs dangling records', async () => {
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
      if (calls === 2)
        await users.replaceAvatar(owner, { key: replaced, contentType: 'image/png', size: 64, updatedAt: 'y' });
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
});
