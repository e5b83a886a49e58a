export interface Backoff {
  /** Milliseconds to wait before the given retry (1 for the first retry). */
  delay(retry: number): number;
}

/** Exponential backoff with full jitter: concurrent pushers spread out instead of colliding again. */
export function exponentialBackoff(options: { baseMs: number; maxMs: number; random: () => number }): Backoff {
  return {
    delay: (retry) => Math.round(options.random() * Math.min(options.maxMs, options.baseMs * 2 ** (retry - 1))),
  };
}
