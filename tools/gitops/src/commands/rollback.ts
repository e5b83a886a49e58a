import type { Command, CommandContext } from '../cli/command.ts';
import { formatTable } from '../cli/format-table.ts';
import { flag, optionalString, requiredString } from '../cli/parse-options.ts';
import { reportPublish } from '../cli/report-publish.ts';
import { chooseDelivery, deliveryOptions, openRepository, pullRequestBranchOption } from '../cli/repository-options.ts';
import { type Environment, parseEnvironment } from '../environments.ts';
import { MissingValuesFileError, StalePlanError, UsageError } from '../errors.ts';
import { exponentialBackoff } from '../git/backoff.ts';
import type { Git } from '../git/git.ts';
import type { CommitReader } from '../git/read-at-commit.ts';
import { resolveCommit } from '../git/resolve-commit.ts';
import { assertAppName, layout } from '../repository-layout.ts';
import { rollbackMessage } from '../values/commit-message.ts';
import { type Deployment, deploymentHistory, previousDeployment } from '../values/deployment-history.ts';
import { describeUnit, readHistoricUnit, sameUnit } from '../values/deployment-unit.ts';
import { readDeployedUnit } from '../values/plan-unit-changes.ts';
import { publishUnitChanges } from '../values/publish-unit-changes.ts';

export const rollbackCommand: Command = {
  name: 'rollback',
  summary: 'the git side of a rollback: restore an earlier unit (image tag and chart revision) by a new commit',
  synopsis: [
    '--env <env> --app <app> [--to <commit>] [--if-current <commit>] [--push | --pr-branch <name>] [--github-output]',
    '--env <env> --app <app> --list',
  ],
  description: [
    'Writes the unit (image.tag and chart.revision) of an earlier deployment back into',
    'deploy/values/<env>/<app>.yaml as a new commit; history is never rewritten. The deployments are the',
    'first-parent commits that changed the unit in that file (--list shows them); commit messages play no',
    'part. By default: the newest earlier deployment whose unit differs from the current one and was not',
    'rolled back from (a change back to a unit seen earlier marks the unit it replaced as rolled back from),',
    'so a second rollback goes further back. --to <commit> restores the unit as the file was at that commit',
    '(e.g. the values revision of the Argo CD history entry you rolled back to). prod is changed only through',
    'a reviewed pull request: --pr-branch, or a local commit; --push is refused for prod (2). With --push, when',
    "the file's unit changed before the push landed (a newer bump), the rollback is refused (4). --if-current",
    '<commit> rolls back only while the file still holds the unit it had at that commit (e.g. the bump that',
    'failed verification), and refuses (4) when a newer deployment has replaced it.',
    'After a rollback in the Argo CD UI (auto-sync off), run this to the same deployment, merge it, check',
    'that status shows no difference, then switch auto-sync back on (deploy/README.md).',
  ],
  options: {
    env: { type: 'string', value: '<env>', description: 'dev, staging or prod' },
    app: { type: 'string', value: '<app>', description: 'the app' },
    to: {
      type: 'string',
      value: '<commit>',
      description: 'restore the unit as the values file was at this commit (default: the previous deployment)',
    },
    'if-current': {
      type: 'string',
      value: '<commit>',
      description: 'roll back only while the file holds the unit it had at this commit (else 4)',
    },
    list: { type: 'boolean', description: "print the file's deployments (newest first) and change nothing" },
    ...deliveryOptions,
    ...pullRequestBranchOption,
  },
  async run(values, context) {
    const environment = parseEnvironment(requiredString(values, 'env'));
    const app = assertAppName(requiredString(values, 'app'));
    const git = await openRepository(values, context);
    if (flag(values, 'list')) return listDeployments(git, environment, app, context);
    if (environment === 'prod' && flag(values, 'push')) {
      throw new UsageError(
        'prod is changed only through a reviewed pull request: use --pr-branch <name> instead of --push.',
      );
    }
    const given = optionalString(values, 'to');
    const to = given === undefined ? undefined : await resolveCommit(git, given, '--to');
    const ifCurrentGiven = optionalString(values, 'if-current');
    const ifCurrent =
      ifCurrentGiven === undefined ? undefined : await resolveCommit(git, ifCurrentGiven, '--if-current');
    const delivery = await chooseDelivery(git, values);
    let chosen = '';
    const result = await publishUnitChanges({
      git,
      delivery,
      plan: async (reader) => {
        if (ifCurrent !== undefined) await assertStillHolds(git, reader, environment, app, ifCurrent);
        const deployment = await chooseDeployment(git, reader, environment, app, to);
        chosen = `${deployment.commit} (${deployment.date})`;
        return { edits: [{ environment, app, ...deployment.unit }], decidedFrom: [{ environment, app }] };
      },
      message: (changes) => rollbackMessage(changes, chosen),
      what: 'rollback',
      backoff: exponentialBackoff({ baseMs: 200, maxMs: 3000, random: context.random }),
      sleep: context.sleep,
      log: context.stderr,
    });
    await reportPublish(result, delivery, values, context, 'Rolled back');
  },
};

async function chooseDeployment(
  git: Git,
  reader: CommitReader,
  environment: Environment,
  app: string,
  to: string | undefined,
): Promise<Pick<Deployment, 'commit' | 'date' | 'unit'>> {
  const path = layout.valuesFile(environment, app);
  await readDeployedUnit(reader, { environment, app });
  if (to === undefined) return previousDeployment(await deploymentHistory(git, reader.commit, environment, app), path);
  const text = await git.attempt(['cat-file', 'blob', `${to}:${path}`]);
  if (text.status !== 0) throw new MissingValuesFileError(`${path} does not exist at ${to}: nothing to restore.`);
  const date = (await git.run(['show', '-s', '--format=%cI', to])).trim();
  return { commit: to, date, unit: readHistoricUnit(text.stdout, path, to) };
}

/** The rollback is for the unit `commit` deployed: refuse when the file holds another one now. */
async function assertStillHolds(git: Git, reader: CommitReader, environment: Environment, app: string, commit: string) {
  const path = layout.valuesFile(environment, app);
  const text = await git.attempt(['cat-file', 'blob', `${commit}:${path}`]);
  if (text.status !== 0) throw new MissingValuesFileError(`${path} does not exist at ${commit}.`);
  const expected = readHistoricUnit(text.stdout, path, commit);
  const current = await readDeployedUnit(reader, { environment, app });
  if (!sameUnit(expected, current)) {
    throw new StalePlanError(
      `Refusing the rollback: ${path} no longer holds the unit of ${commit.slice(0, 12)} (${describeUnit(expected)}); it holds ${describeUnit(current)} at ${reader.commit.slice(0, 12)}, a later deployment: nothing was rolled back.`,
    );
  }
}

async function listDeployments(git: Git, environment: Environment, app: string, context: CommandContext) {
  const head = (await git.run(['rev-parse', 'HEAD'])).trim();
  const path = layout.valuesFile(environment, app);
  const history = await deploymentHistory(git, head, environment, app);
  if (history.length === 0) throw new MissingValuesFileError(`${path} has no history at HEAD.`);
  let target: Deployment | undefined;
  try {
    target = previousDeployment(history, path);
  } catch {
    target = undefined;
  }
  const [current] = history;
  const note = (d: Deployment) =>
    [
      d === current ? 'current' : d.unit && current && sameUnit(d.unit, current.unit) ? 'same unit as current' : '',
      d.rolledBackFrom ? 'rolled back from' : '',
      d === target ? 'default rollback target' : '',
    ]
      .filter(Boolean)
      .join(', ');
  context.stdout(`Deployments of ${app} in ${environment} (${path}, first-parent history of HEAD), newest first:`);
  context.stdout(
    formatTable(
      ['COMMIT', 'DATE', 'IMAGE TAG', 'CHART REVISION', 'NOTE', 'SUBJECT'],
      history.map((d) => [d.commit.slice(0, 12), d.date, d.unit.tag, d.unit.chartRevision, note(d), d.subject]),
    ),
  );
}
