import type { LeftoverObject } from '@platform/users-domain';
import type { Context } from 'hono';
import type { AppEnv } from '../http/app-env.js';

/** One warning per object a request left in the store: the avatar sweeper removes it later. */
export function logLeftovers(c: Context<AppEnv>, leftovers: readonly LeftoverObject[]): void {
  for (const { key, error } of leftovers) c.get('log').warn({ key, err: error }, 'avatar object left for the sweeper');
}
