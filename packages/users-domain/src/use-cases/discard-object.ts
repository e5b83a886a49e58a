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
