import type { Command, OptionSpec } from './command.ts';
import { commonOptions } from './parse-options.ts';

export const exitCodeHelp = [
  'Exit codes:',
  '  0  success (also when there was nothing to change)',
  '  1  unexpected failure (a bug, or git/Nx failing in an unforeseen way)',
  '  2  usage: unknown command or option, missing or malformed value, unknown environment, promotion out of order',
  '  3  not found: unknown app, no values file for that app and environment, no earlier deployment, unknown commit',
  '  4  repository state: not a git working tree, uncommitted changes, no remote, detached HEAD, branch exists, a promotion or rollback whose units moved before its push landed',
  '  5  push failed: still rejected after every retry, or refused (e.g. a protected branch)',
  '  6  invalid values: the result fails the values schema of the pinned chart, or the file lacks image.tag or chart.revision',
  '  7  no cluster access: no kubeconfig or context, API unreachable, credentials refused',
  '  8  not deployed or unhealthy: no Application, Degraded, sync failed, --require-healthy refused',
  '  9  timeout: wait ran out of time',
  '  10 could not tell: GitHub unreachable, token or repository refused (401/403/404), rate-limited past the timeout',
];

function optionLines(options: Readonly<Record<string, OptionSpec>>): string[] {
  const entries = Object.entries(options).map(
    ([name, spec]) => [`--${name}${spec.value ? ` ${spec.value}` : ''}`, spec] as const,
  );
  const width = Math.max(...entries.map(([label]) => label.length));
  return entries.map(
    ([label, spec]) => `  ${label.padEnd(width)}  ${spec.description}${spec.multiple ? ' (repeatable)' : ''}`,
  );
}

export function commandHelp(command: Command): string {
  return [
    `gitops ${command.name}: ${command.summary}`,
    '',
    'Usage:',
    ...command.synopsis.map((line) => `  gitops ${command.name} ${line}`),
    '',
    ...command.description,
    '',
    'Options:',
    ...optionLines({ ...command.options, ...commonOptions }),
    '',
    ...exitCodeHelp,
  ].join('\n');
}

export function mainHelp(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((command) => command.name.length));
  return [
    'gitops: the delivery loop by git commits — affected apps, unit bumps (image tag + chart revision), promotion, status, wait, rollback.',
    '',
    'Usage: gitops <command> [options]      gitops <command> --help',
    '',
    'Commands:',
    ...commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    '',
    'Environments, in promotion order: dev → staging → prod (dev and staging on the dev cluster, prod on prod).',
    '',
    ...exitCodeHelp,
  ].join('\n');
}
