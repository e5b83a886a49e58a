import type { AvatarStore } from '../ports/avatar-store.js';
import type { LeftoverObject } from './context.js';

/** Removes an object no record refers to any more; a failure is returned, not thrown. */
export async function discardObject(avatars: AvatarStore, key: string): Promise<LeftoverObject | undefined> {
  try {
    await avatars.delete(key);
    return undefined;
  } catch (error) {
    return { key, error };
  }
}

/**
 * Removes objects no record refers to any more, several in one request (one AWS call instead of
 * one per object); what could not be removed is returned, not thrown.
 */
export async function discardObjects(avatars: AvatarStore, keys: readonly string[]): Promise<LeftoverObject[]> {
  if (keys.length <= 1) {
    const leftover = keys[0] === undefined ? undefined : await discardObject(avatars, keys[0]);
    return leftover ? [leftover] : [];
  }
  try {
    const { failed } = await avatars.deleteMany(keys);
    return failed.map((key) => ({ key, error: new Error('the store did not remove it') }));
  } catch (error) {
    return keys.map((key) => ({ key, error }));
  }
}
