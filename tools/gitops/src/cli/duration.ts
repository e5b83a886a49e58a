import { UsageError } from '../errors.ts';

const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `90s`, `10m`, `1h`, `500ms`, or a number of seconds; 0 only where `allowZero` says so. */
export function parseDuration(text: string, option: string, allowZero = false): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!match) throw new UsageError(`--${option} must be a duration like 90s, 10m or 1h, not "${text}".`);
  const milliseconds = Number(match[1]) * (units[match[2] ?? 's'] ?? 1000);
  if (milliseconds <= 0 && !(allowZero && milliseconds === 0))
    throw new UsageError(`--${option} must be longer than zero.`);
  return milliseconds;
}
