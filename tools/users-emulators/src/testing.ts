/**
 * @platform/users-emulators/testing — for test files only: the users table and an avatars bucket
 * of the calling file's own on the emulators shared by the project's test run (the project's
 * vitest config sets `sharedEmulators: true`).
 */
import { usersTableDefinition } from '@platform/aws-adapters';
import { uniqueName, useSharedLocalAws } from '@platform/local-aws/testing';
import type { EmbeddedAws } from './embedded-aws.js';

/** Like `startEmbeddedAws()`, in a moment; `faults` slows, freezes or cuts this file's traffic only. */
export async function useSharedEmbeddedAws() {
  const usersTable = uniqueName('users');
  const avatarsBucket = uniqueName('avatars');
  const local = await useSharedLocalAws({ tables: [usersTableDefinition(usersTable)], buckets: [avatarsBucket] });
  return { ...local, usersTable, avatarsBucket } satisfies EmbeddedAws;
}
