// Reading the workflow files for the tests: their shape, and the `gitops` calls in their scripts.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { workspaceRoot } from './paths.ts';

export interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
export interface Job {
  name?: string;
  if?: string;
  env?: Record<string, string>;
  outputs?: Record<string, string>;
  permissions?: Record<string, string> | string;
  'timeout-minutes'?: number;
  concurrency?: { group: string; 'cancel-in-progress': boolean | string };
  environment?: string;
  needs?: string | string[];
  steps: Step[];
}
export interface Workflow {
  on: Record<string, unknown>;
  env?: Record<string, string>;
  permissions?: Record<string, string>;
  concurrency?: { group: string; 'cancel-in-progress': boolean | string };
  jobs: Record<string, Job>;
}

export const workflowsDirectory = join(workspaceRoot, '.github', 'workflows');
export const files = readdirSync(workflowsDirectory).filter((file) => file.endsWith('.yml'));
export const source = (file: string) => readFileSync(join(workflowsDirectory, file), 'utf8');
export const workflow = (file: string) => parse(source(file)) as Workflow;
export const actionFiles = readdirSync(join(workspaceRoot, '.github', 'actions')).map((name) =>
  join(workspaceRoot, '.github', 'actions', name, 'action.yml'),
);
export const allSteps = (w: Workflow) => Object.values(w.jobs).flatMap((job) => job.steps);
export const jobRunning = (w: Workflow, text: string) =>
  Object.values(w.jobs).find((job) => job.steps.some((step) => step.run?.includes(text)));
/** `pnpm gitops <args>` (in the workspace) or `node "$RUNNER_TEMP/gitops/gitops.mjs" <args>` (the bundle). */
export const gitopsCallPattern = /(?:pnpm gitops|node "\$RUNNER_TEMP\/gitops\/gitops\.mjs") (.+?)(?: \|\| .*)?$/gm;
export const gitopsCalls = (step: Step) => [...(step.run?.matchAll(gitopsCallPattern) ?? [])].map((m) => m[1]!);
export const callsGitops = (step: Step, command: string) =>
  gitopsCalls(step).some((args) => args.startsWith(`${command} `));
export const jobCalling = (w: Workflow, command: string) =>
  Object.entries(w.jobs).find(([, job]) => job.steps.some((step) => callsGitops(step, command)));
