import type { Command, CommandContext, OptionValues } from './cli/command.ts';
import { commandHelp, mainHelp } from './cli/help.ts';
import { parseOptions } from './cli/parse-options.ts';
import { commands } from './commands/index.ts';
import { GitopsError, UsageError } from './errors.ts';
import { ExitCode, exitCodeOf } from './exit-codes.ts';

export interface ParsedCommandLine {
  readonly command: Command;
  readonly options: OptionValues;
}

/** Finds the command and parses its options; --help anywhere yields the help instead. */
export function parseCommandLine(argv: readonly string[]): ParsedCommandLine | { readonly help: string } {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') return { help: mainHelp(commands) };
  const command = commands.find((candidate) => candidate.name === name);
  if (!command) {
    throw new UsageError(`Unknown command "${name}": expected one of ${commands.map((c) => c.name).join(', ')}.`);
  }
  const options = parseOptions(command, args);
  return options.help === true ? { help: commandHelp(command) } : { command, options };
}

/** Runs one command line and returns its exit code; every expected failure is a message, not a stack trace. */
export async function runCli(argv: readonly string[], context: CommandContext): Promise<number> {
  try {
    const parsed = parseCommandLine(argv);
    if ('help' in parsed) {
      context.stdout(parsed.help);
      return ExitCode.ok;
    }
    await parsed.command.run(parsed.options, context);
    return ExitCode.ok;
  } catch (error) {
    if (error instanceof GitopsError) {
      context.stderr(`gitops: ${error.message}`);
      return exitCodeOf(error);
    }
    context.stderr(
      `gitops: unexpected failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    return ExitCode.unexpected;
  }
}
