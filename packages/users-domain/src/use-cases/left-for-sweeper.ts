import type { LeftoverObject } from './context.js';

const leftBehind = new WeakMap<object, readonly LeftoverObject[]>();

/**
 * Marks an error as having left objects in the store for the sweeper (a write whose outcome is
 * unknown keeps the object it may point at): the caller logs each with its key, then handles the
 * error as it would anyway. Returns the same error.
 */
export function withLeftovers<E>(error: E, leftovers: readonly LeftoverObject[]): E {
  if (typeof error === 'object' && error !== null && leftovers.length > 0) {
    leftBehind.set(error, [...(leftBehind.get(error) ?? []), ...leftovers]);
  }
  return error;
}

/** The objects a failed use-case left for the sweeper, as `withLeftovers` marked its error. */
export function leftoversOf(error: unknown): readonly LeftoverObject[] {
  return (typeof error === 'object' && error !== null && leftBehind.get(error)) || [];
}
