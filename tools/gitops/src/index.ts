// The public entry of @platform/gitops: the CLI runner and the pieces other tools may reuse.
export { runCli, parseCommandLine } from './run-cli.ts';
export type { CommandContext } from './cli/command.ts';
export { ExitCode } from './exit-codes.ts';
export * from './errors.ts';
export { environments, type Environment } from './environments.ts';
export { readImageTag, setImageTag } from './values/image-tag.ts';
export { type DeploymentUnit, readChartRevision, readUnit, setUnit } from './values/deployment-unit.ts';
export { validateChartValues } from './values/validate-values.ts';
