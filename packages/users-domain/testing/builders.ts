// Small builders of valid domain values for tests.
import { randomUUID } from 'node:crypto';
import { avatarKey, type Avatar, type User } from '../src/index.js';

/** A valid user with a fresh id and email, no avatar, created now unless told otherwise. */
export function aUser(overrides: Partial<User> = {}): User {
  const id = randomUUID();
  return {
    id,
    name: `User ${id.slice(0, 8)}`,
    email: `${id}@example.com`,
    createdAt: new Date().toISOString(),
    avatar: null,
    ...overrides,
  };
}

/** An avatar record of the user, under a fresh key in the avatar layout. */
export function anAvatar(userId: string, overrides: Partial<Avatar> = {}): Avatar {
  return {
    key: avatarKey(userId, randomUUID()),
    contentType: 'image/png',
    size: 64,
    updatedAt: new Date().toISOString(),
    ...overrides,
  };
}

/** `size` bytes that start with the PNG signature. */
export const png = (size = 64) => {
  const bytes = new Uint8Array(size);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return bytes;
};
