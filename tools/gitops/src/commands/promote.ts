import { readDeploymentStatus } from '../cluster/read-deployment-status.ts';
import type { Command, CommandContext, OptionValues } from '../cli/command.ts';
import { commitStatusReader, parseSource } from '../cli/github-options.ts';
import { flag, optionalString, requiredString, stringList } from '../cli/parse-options.ts';
import { reportPublish } from '../cli/report-publish.ts';
import { chooseDelivery, deliveryOptions, openRepository, pullRequestBranchOption } from '../cli/repository-options.ts';
import { assertPromotionStep, type Environment, parseEnvironment } from '../environments.ts';
import { NotHealthyError, StatusUnknownError, UsageError, ValuesFileFormatError } from '../errors.ts';
import { exponentialBackoff } from '../git/backoff.ts';
import { commitsContaining, lastCommitTouching } from '../git/commits-containing.ts';
import type { Git } from '../git/git.ts';
import type { CommitReader } from '../git/read-at-commit.ts';
import { assertAppName, layout } from '../repository-layout.ts';
import type { CommitStatusReader } from '../github/commit-status-reader.ts';
import { GitHubApiError } from '../github/github-api-error.ts';
import { describeReading, newestStatus, statusContext } from '../github/newest-status.ts';
import { promoteMessage } from '../values/commit-message.ts';
import { type DeploymentUnit, describeUnit, shortSha } from '../values/deployment-unit.ts';
import { readDeployedUnit } from '../values/plan-unit-changes.ts';
import { publishUnitChanges } from '../values/publish-unit-changes.ts';

/** An app's unit in the source environment, to copy to the next. */
interface SourceUnit {
  readonly app: string;
  readonly unit: DeploymentUnit;
}

export const promoteCommand: Command = {
  name: 'promote',
  summary: 'copy units (image tag and chart revision) from one environment to the next',
  synopsis: ['--from <env> --to <env> (--app <app> | --all) [--require-healthy] [--push | --pr-branch <name>]'],
  description: [
    'Sets image.tag and chart.revision of each app in --to to its unit in --from (only those two keys), with the',
    'same commit, validation and push retry rules as bump. --all takes every app that has a values file in both',
    'environments. Promotion goes one step at a time (dev → staging → prod). --require-healthy first checks that',
    'each unit runs Synced and Healthy in',
    '--from: by default on GitHub (no cluster access needed), where the commit status argocd/<app>-<from> must be',
    'success on the newest commit that changed deploy/values/<from>/<app>.yaml or on a later commit of the',
    'branch containing it (the newest such status counts; 10 when GitHub cannot be read); with --via cluster on',
    "the cluster (the kubeconfig's current context or --context): Synced, Healthy, live image at that tag.",
    '--pr-branch pushes the commit as a new branch made from the remote --branch, for a reviewed pull request.',
    'With --push, when the unit of an app changed in --from or in --to before the push landed, the promotion',
    'is refused (4) rather than written over the newer state: run it again to decide afresh.',
  ],
  options: {
    from: { type: 'string', value: '<env>', description: 'the environment to copy from' },
    to: { type: 'string', value: '<env>', description: 'the next environment' },
    app: { type: 'string', value: '<app>', multiple: true, description: 'an app to promote' },
    all: { type: 'boolean', description: 'every app deployed in both environments' },
    'require-healthy': {
      type: 'boolean',
      description: 'refuse tags that are not deployed, synced and Healthy in --from',
    },
    via: {
      type: 'string',
      value: '<github|cluster>',
      description: 'where --require-healthy looks (default: github)',
    },
    context: { type: 'string', value: '<name>', description: '--via cluster: kubeconfig context' },
    'argocd-namespace': {
      type: 'string',
      value: '<ns>',
      description: 'namespace of the Applications (default: argocd)',
    },
    ...deliveryOptions,
    ...pullRequestBranchOption,
  },
  async run(values, context) {
    const from = parseEnvironment(requiredString(values, 'from'));
    const to = parseEnvironment(requiredString(values, 'to'));
    assertPromotionStep(from, to);
    const apps = stringList(values, 'app').map(assertAppName);
    const all = flag(values, 'all');
    if (all === apps.length > 0) throw new UsageError('Say which apps: --app <app> (repeatable) or --all.');
    const source = parseSource(values, 'github');
    if (source === 'github' && optionalString(values, 'context'))
      throw new UsageError('--context is only for --via cluster.');
    const git = await openRepository(values, context);
    const delivery = await chooseDelivery(git, values);
    let statusReader: CommitStatusReader | undefined;
    const statuses = async () =>
      (statusReader ??= await commitStatusReader(git, delivery.kind === 'local' ? 'origin' : delivery.remote, context));

    const result = await publishUnitChanges({
      git,
      delivery,
      plan: async (reader, first) => {
        const units = await sourceUnits(reader, from, to, all ? await appsInBoth(reader, from, to, context) : apps);
        // A retry runs only while the source units are the ones checked here (else it is refused).
        if (first && flag(values, 'require-healthy')) {
          if (source === 'github') await requireHealthyOnGitHub(units, from, git, reader.commit, await statuses());
          else await requireHealthy(units, from, values, context);
        }
        return {
          edits: units.map(({ app, unit }) => ({ environment: to, app, ...unit })),
          decidedFrom: units.flatMap(({ app }) => [
            { environment: from, app },
            { environment: to, app },
          ]),
        };
      },
      message: (changes) => promoteMessage(changes, from, to),
      what: 'promotion',
      backoff: exponentialBackoff({ baseMs: 200, maxMs: 3000, random: context.random }),
      sleep: context.sleep,
      log: context.stderr,
    });
    await reportPublish(result, delivery, values, context, 'Promoted');
  },
};

async function appsInBoth(reader: CommitReader, from: Environment, to: Environment, context: CommandContext) {
  const appsIn = async (environment: Environment) =>
    (await reader.list(layout.valuesDirectory(environment)))
      .filter((file) => file.endsWith('.yaml'))
      .map((file) => file.slice(0, -'.yaml'.length));
  const target = new Set(await appsIn(to));
  const source = await appsIn(from);
  for (const app of source.filter((app) => !target.has(app))) {
    context.stderr(
      `Skipping ${app}: it has no values file in ${to} (a new deployment is a new file, not a promotion).`,
    );
  }
  return source.filter((app) => target.has(app));
}

/** The unit each app runs in the source environment; the target must have a values file too. */
async function sourceUnits(reader: CommitReader, from: Environment, to: Environment, apps: readonly string[]) {
  const units: SourceUnit[] = [];
  for (const app of apps) {
    const unit = await readDeployedUnit(reader, { environment: from, app });
    if (unit.tag === '')
      throw new ValuesFileFormatError(`${layout.valuesFile(from, app)} has no image tag to promote.`);
    if (unit.chartRevision === '')
      throw new ValuesFileFormatError(`${layout.valuesFile(from, app)} has no chart revision to promote.`);
    await readDeployedUnit(reader, { environment: to, app });
    units.push({ app, unit });
  }
  return units;
}

async function requireHealthy(
  units: readonly SourceUnit[],
  from: Environment,
  values: OptionValues,
  context: CommandContext,
) {
  const cluster = await context.connectCluster(optionalString(values, 'context'));
  const rows = await readDeploymentStatus(
    cluster,
    optionalString(values, 'argocd-namespace') ?? 'argocd',
    units.map(({ app, unit }) => ({ app, environment: from, gitTag: unit.tag, gitChartRevision: unit.chartRevision })),
  );
  const problems = rows.flatMap((row) => {
    if (!row.found) return [`${row.application}: no such Application on ${cluster.description}`];
    const reasons = [
      row.sync !== 'Synced' ? `sync is ${row.sync ?? 'unknown'}` : undefined,
      row.health !== 'Healthy' ? `health is ${row.health ?? 'unknown'}` : undefined,
      !row.liveMatchesGit ? `runs ${row.liveImage ?? 'no image'}, not tag ${shortSha(row.gitTag ?? '')}` : undefined,
      !row.liveChartMatchesGit
        ? `renders chart ${shortSha(row.liveChartRevision ?? '') || 'unknown'}, not ${shortSha(row.gitChartRevision ?? '')}`
        : undefined,
    ].filter(Boolean);
    return reasons.length > 0 ? [`${row.application}: ${reasons.join(', ')}`] : [];
  });
  if (problems.length > 0) {
    throw new NotHealthyError(`Refusing to promote from ${from}:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
}

/**
 * Each tag must be reported healthy in --from by Argo CD: the newest status of argocd/<app>-<from> on
 * the commit that last changed the source values file, or on a later first-parent commit containing
 * it, is success.
 */
async function requireHealthyOnGitHub(
  units: readonly SourceUnit[],
  from: Environment,
  git: Git,
  head: string,
  reader: CommitStatusReader,
) {
  const problems: string[] = [];
  for (const { app, unit } of units) {
    const path = layout.valuesFile(from, app);
    const context = statusContext(app, from);
    const changed = await lastCommitTouching(git, head, path);
    if (!changed) {
      problems.push(`${context}: no commit changed ${path}`);
      continue;
    }
    try {
      const reading = await newestStatus(reader, await commitsContaining(git, changed, head), context);
      if (reading?.status.state !== 'success') {
        problems.push(`${context}: ${describeReading(reading)} (${describeUnit(unit)}, set by ${shortSha(changed)})`);
      }
    } catch (error) {
      if (!(error instanceof GitHubApiError)) throw error;
      throw new StatusUnknownError(`Could not tell whether ${context} is healthy: ${error.message}.`, { cause: error });
    }
  }
  if (problems.length > 0) {
    throw new NotHealthyError(`Refusing to promote from ${from}:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
}
