import type { Command } from '../cli/command.ts';
import { optionalString, requiredString, stringList } from '../cli/parse-options.ts';
import { reportPublish } from '../cli/report-publish.ts';
import { chooseDelivery, deliveryOptions, openRepository, resolveImageTag } from '../cli/repository-options.ts';
import { parseEnvironment } from '../environments.ts';
import { GitCommandError, UsageError } from '../errors.ts';
import { exponentialBackoff } from '../git/backoff.ts';
import type { Git } from '../git/git.ts';
import { tryResolveCommit } from '../git/resolve-commit.ts';
import { assertAppName, layout } from '../repository-layout.ts';
import { bumpMessage } from '../values/commit-message.ts';
import { readDeployedUnit } from '../values/plan-unit-changes.ts';
import { publishUnitChanges } from '../values/publish-unit-changes.ts';

export const bumpCommand: Command = {
  name: 'bump',
  summary: "set an app's image tag and chart revision in one environment, by a commit",
  synopsis: ['--env <env> --app <app> [--tag <sha>] [--chart-revision <sha>] [--push] [--github-output]'],
  description: [
    'Sets image.tag (--tag) and chart.revision (--chart-revision) in deploy/values/<env>/<app>.yaml, changing',
    'nothing else in the file; at least one of the two. chart.revision moves to the given commit only when',
    'deploy/charts/<app>/ differs between the revision the file records and it; otherwise it stays. The result',
    'is checked against the values.schema.json of the chart at the new chart.revision, and committed with a',
    'message naming the app, the environment and the old and new unit. A bump that changes nothing makes no',
    'commit. With --push the edit is planned on the remote branch as it is now and pushed; when another push',
    'got there first, it fetches, plans again on the new head and retries with backoff (--attempts times).',
  ],
  options: {
    env: { type: 'string', value: '<env>', description: 'dev, staging or prod' },
    app: { type: 'string', value: '<app>', multiple: true, description: 'the app (several: one commit for all)' },
    tag: { type: 'string', value: '<sha>', description: 'the image tag: the commit SHA the image was built from' },
    'chart-revision': {
      type: 'string',
      value: '<sha>',
      description: 'the commit whose deploy/charts/<app> to render, if the chart changed since the recorded one',
    },
    ...deliveryOptions,
  },
  async run(values, context) {
    const environment = parseEnvironment(requiredString(values, 'env'));
    const apps = stringList(values, 'app').map(assertAppName);
    if (apps.length === 0) throw new UsageError('Missing --app <app>.');
    const git = await openRepository(values, context);
    const givenTag = optionalString(values, 'tag');
    const givenChart = optionalString(values, 'chart-revision');
    if (givenTag === undefined && givenChart === undefined)
      throw new UsageError('Say what to set: --tag <sha>, --chart-revision <sha>, or both.');
    const tag = givenTag === undefined ? undefined : await resolveImageTag(git, givenTag, 'tag');
    const chart = givenChart === undefined ? undefined : await resolveImageTag(git, givenChart, 'chart-revision');
    const delivery = await chooseDelivery(git, values);
    const result = await publishUnitChanges({
      git,
      delivery,
      plan: async (reader) => ({
        edits: await Promise.all(
          apps.map(async (app) => {
            const recorded = (await readDeployedUnit(reader, { environment, app })).chartRevision;
            const chartRevision =
              chart === undefined ? undefined : await chartRevisionFor(git, app, recorded, chart, context.stderr);
            return { environment, app, tag, chartRevision };
          }),
        ),
      }),
      message: bumpMessage,
      what: 'bump',
      backoff: exponentialBackoff({ baseMs: 200, maxMs: 3000, random: context.random }),
      sleep: context.sleep,
      log: context.stderr,
    });
    await reportPublish(result, delivery, values, context, 'Bumped');
  },
};

/** `candidate` when the app's chart differs between the recorded revision and it; else the recorded one. */
async function chartRevisionFor(
  git: Git,
  app: string,
  recorded: string,
  candidate: string,
  log: (line: string) => void,
) {
  if (recorded === candidate) return recorded;
  if (!/^[0-9a-f]{40}$/.test(recorded) || !(await tryResolveCommit(git, recorded))) {
    log(`${app}: the recorded chart.revision "${recorded}" is not a commit here; setting ${candidate}.`);
    return candidate;
  }
  const diff = await git.attempt(['diff', '--quiet', recorded, candidate, '--', `${layout.chartDirectory(app)}/`]);
  if (diff.status > 1)
    throw new GitCommandError(`Could not compare ${layout.chartDirectory(app)}: ${diff.stderr.trim()}`);
  return diff.status === 1 ? candidate : recorded;
}
