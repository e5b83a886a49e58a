import { parseArgs } from 'node:util';
import { UsageError } from '../errors.ts';
import type { Command, OptionSpec, OptionValues } from './command.ts';

/** Options every command takes. */
export const commonOptions: Readonly<Record<string, OptionSpec>> = {
  repo: {
    type: 'string',
    value: '<dir>',
    description: 'the git working tree to act on (default: the current directory)',
  },
  help: { type: 'boolean', description: 'show this help' },
};

/** Parses a command's arguments strictly: unknown options, stray arguments and missing values are usage errors. */
export function parseOptions(command: Command, args: readonly string[]): OptionValues {
  const options = { ...command.options, ...commonOptions };
  try {
    const { values } = parseArgs({
      args: [...args],
      options: Object.fromEntries(
        Object.entries(options).map(([name, spec]) => [name, { type: spec.type, multiple: spec.multiple ?? false }]),
      ),
      strict: true,
      allowPositionals: false,
    });
    return values as OptionValues;
  } catch (error) {
    throw new UsageError(
      `${(error as Error).message.replace(/^Unknown option/, 'Unknown option')} (see gitops ${command.name} --help)`,
      {
        cause: error,
      },
    );
  }
}

export function requiredString(values: OptionValues, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value === '') throw new UsageError(`Missing --${name} <value>.`);
  return value;
}

export function optionalString(values: OptionValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A repeatable option whose values may also be comma-separated: `--app api --app worker` or `--app api,worker`. */
export function stringList(values: OptionValues, name: string): string[] {
  const value = values[name];
  const raw = Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
  return [
    ...new Set(
      raw
        .flatMap((item) => item.split(','))
        .map((item) => item.trim())
        .filter(Boolean),
    ),
  ];
}

export function flag(values: OptionValues, name: string): boolean {
  return values[name] === true;
}

/** Positive whole numbers only. */
export function positiveInteger(values: OptionValues, name: string, fallback: number): number {
  const value = optionalString(values, name);
  if (value === undefined) return fallback;
  if (!/^[1-9]\d*$/.test(value)) throw new UsageError(`--${name} must be a positive whole number, not "${value}".`);
  return Number(value);
}
