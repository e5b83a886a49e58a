import type { Command } from '../cli/command.ts';
import { commitStatusReader } from '../cli/github-options.ts';
import { optionalString, requiredString } from '../cli/parse-options.ts';
import { openRepository } from '../cli/repository-options.ts';
import { environments, parseEnvironment } from '../environments.ts';
import { NotHealthyError, StatusUnknownError, UsageError } from '../errors.ts';
import { commitsContaining, lastCommitTouching } from '../git/commits-containing.ts';
import { CommitReader } from '../git/read-at-commit.ts';
import { resolveCommit } from '../git/resolve-commit.ts';
import { GitHubApiError } from '../github/github-api-error.ts';
import { describeReading, newestStatus, statusContext } from '../github/newest-status.ts';
import { describeUnit, ranBefore, sameUnit, unitChanges, unitOf } from '../promotion-check/unit-changes.ts';
import { layout } from '../repository-layout.ts';

export const verifyPromotionCommand: Command = {
  name: 'verify-promotion',
  summary:
    'the check a change to an environment must pass when it merges: every unit it moves there is healthy one step before',
  synopsis: ['--to <env> --base <sha> [--head <sha>] [--remote <name>]'],
  description: [
    'For every app whose unit (image.tag and chart.revision in deploy/values/<to>/<app>.yaml) differs between',
    '--base and --head, the unit at head must be either what the environment before <to> runs at head, with the',
    'commit status argocd/<app>-<from> success on the commit that last changed that file or a later first-parent',
    'commit of head containing it (a promotion: checked again when the change merges, not only when it was',
    'made), or a unit <to> ran before, found in its values file history up to --base (a rollback). Anything',
    'else, or a promotion whose source is not healthy, is refused (8); GitHub unreadable is 10. Changes to other',
    'keys, or to no values file of <to>, pass. Token: GITHUB_TOKEN or GH_TOKEN (statuses: read); repository:',
    'GITHUB_REPOSITORY or the remote URL.',
  ],
  options: {
    to: { type: 'string', value: '<env>', description: 'the environment the change deploys to (staging or prod)' },
    base: { type: 'string', value: '<sha>', description: 'the commit the change applies to (the target branch)' },
    head: { type: 'string', value: '<sha>', description: 'the change as it would merge (default: HEAD)' },
    remote: {
      type: 'string',
      value: '<name>',
      description: 'the remote naming the GitHub repository (default: origin)',
    },
  },
  async run(values, context) {
    const git = await openRepository(values, context);
    const to = parseEnvironment(requiredString(values, 'to'));
    const from = environments[environments.indexOf(to) - 1];
    if (from === undefined) throw new UsageError(`Nothing is promoted to ${to}: it is the first environment.`);
    const base = await resolveCommit(git, requiredString(values, 'base'), '--base');
    const head = await resolveCommit(git, optionalString(values, 'head') ?? 'HEAD', '--head');
    const changes = await unitChanges(git, to, base, head);
    if (changes.length === 0) {
      context.stdout(
        `No unit changes in ${to} between ${base.slice(0, 12)} and ${head.slice(0, 12)}: nothing to verify.`,
      );
      return;
    }
    const reader = await commitStatusReader(git, optionalString(values, 'remote') ?? 'origin', context);
    const atHead = new CommitReader(git, head);
    const problems: string[] = [];
    for (const { app, after } of changes) {
      const fromPath = layout.valuesFile(from, app);
      const fromText = await atHead.read(fromPath);
      const fromUnit = fromText === undefined ? undefined : unitOf(fromText);
      const changed = await lastCommitTouching(git, head, fromPath);
      if (fromUnit && changed && sameUnit(fromUnit, after)) {
        const status = statusContext(app, from);
        let reading;
        try {
          reading = await newestStatus(reader, await commitsContaining(git, changed, head), status);
        } catch (error) {
          if (!(error instanceof GitHubApiError)) throw error;
          throw new StatusUnknownError(`Could not tell whether ${status} is healthy: ${error.message}.`, {
            cause: error,
          });
        }
        if (reading?.status.state === 'success') {
          context.stdout(
            `${app}: ${describeUnit(after)} is what ${from} runs, and ${status} is ${describeReading(reading)}.`,
          );
        } else {
          problems.push(
            `${status}: ${describeReading(reading)}; ${to} would get ${describeUnit(after)}, not healthy in ${from}`,
          );
        }
      } else if (await ranBefore(git, to, app, base, after)) {
        context.stdout(`${app}: ${describeUnit(after)} ran in ${to} before: a rollback, not a promotion.`);
      } else {
        problems.push(
          `${layout.valuesFile(to, app)}: ${describeUnit(after)} is neither what ${from} runs (${fromUnit ? describeUnit(fromUnit) : `no ${fromPath}`}) nor a unit ${to} ran before`,
        );
      }
    }
    if (problems.length > 0) {
      throw new NotHealthyError(
        `Refusing the change to ${to}:\n${problems.map((problem) => `  ${problem}`).join('\n')}`,
      );
    }
  },
};
