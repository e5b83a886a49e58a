import { resolve } from 'node:path';
import { describeApplication } from '../cluster/describe-application.ts';
import { waitForRevision } from '../cluster/wait-for-revision.ts';
import type { Command, CommandContext, OptionValues } from '../cli/command.ts';
import { parseDuration } from '../cli/duration.ts';
import { commitStatusReader, parseSource } from '../cli/github-options.ts';
import { optionalString, requiredString } from '../cli/parse-options.ts';
import { openRepository } from '../cli/repository-options.ts';
import { applicationName, type Environment, parseEnvironment } from '../environments.ts';
import { UsageError } from '../errors.ts';
import { commitsContaining } from '../git/commits-containing.ts';
import type { Git } from '../git/git.ts';
import { assertGitRepository } from '../git/repository-checks.ts';
import { isAncestor, resolveCommit, tryResolveCommit } from '../git/resolve-commit.ts';
import { describeReading, statusContext } from '../github/newest-status.ts';
import { waitForCommitStatus } from '../github/wait-for-commit-status.ts';
import { assertAppName } from '../repository-layout.ts';

export const waitCommand: Command = {
  name: 'wait',
  summary: 'wait until an app runs a revision Synced and Healthy (from GitHub commit statuses, or the cluster)',
  synopsis: [
    '--env <env> --app <app> --revision <sha> --via github [--timeout 10m] [--degraded-grace 2m] [--poll-interval 15s] [--remote origin] [--branch main]',
    '--env <env> --app <app> --revision <sha> [--via cluster] [--timeout 10m] [--degraded-grace 2m] [--context <name>]',
  ],
  description: [
    '--via github (no cluster access needed): polls the commit statuses Argo CD Notifications sets, context',
    'argocd/<app>-<env>, on <sha> and on every later commit of the remote --branch that contains it (its',
    'first-parent history, fetched before each poll), and takes the newest commit that has one: success is',
    'done, error (sync failed) fails at once (8), failure (Degraded) fails once it lasts past --degraded-grace',
    '(8), pending or nothing until --timeout is a timeout (9). When GitHub',
    'cannot be read (unreachable, 401/403/404, rate-limited past the timeout) it exits 10: nobody can tell.',
    'Token: GITHUB_TOKEN or GH_TOKEN; repository: GITHUB_REPOSITORY or the remote URL; API: GITHUB_API_URL.',
    '--via cluster (the default, for people with cluster access): watches Application <app>-<env> until it is',
    'Synced at <sha> or a later commit that contains it, and Healthy; fails at once on a failed sync, and on',
    'Degraded once it lasts past --degraded-grace.',
    '--degraded-grace (default 2m, 0 for none) counts from the first time Degraded is seen at the revision: a',
    'rollout that has just synced may be Degraded for a moment (a new HorizontalPodAutoscaler reports',
    'FailedGetResourceMetric until metrics-server has scraped the new pods once, 15-60 s), then Healthy.',
  ],
  options: {
    env: { type: 'string', value: '<env>', description: 'dev, staging or prod' },
    app: { type: 'string', value: '<app>', description: 'the app' },
    revision: { type: 'string', value: '<sha>', description: 'the commit of this repository to wait for' },
    via: { type: 'string', value: '<github|cluster>', description: 'where to learn the outcome (default: cluster)' },
    timeout: { type: 'string', value: '<duration>', description: 'give up after this long (default: 10m)' },
    'degraded-grace': {
      type: 'string',
      value: '<duration>',
      description: 'how long Degraded right after the sync may last before it fails (default: 2m)',
    },
    'poll-interval': {
      type: 'string',
      value: '<duration>',
      description: '--via github: pause between polls (default: 15s)',
    },
    remote: { type: 'string', value: '<name>', description: '--via github: the remote to fetch (default: origin)' },
    branch: {
      type: 'string',
      value: '<name>',
      description: '--via github: the branch Argo CD follows (default: main)',
    },
    context: { type: 'string', value: '<name>', description: '--via cluster: kubeconfig context (default: current)' },
    'argocd-namespace': {
      type: 'string',
      value: '<ns>',
      description: '--via cluster: namespace of the Applications (default: argocd)',
    },
  },
  async run(values, context) {
    const environment = parseEnvironment(requiredString(values, 'env'));
    const app = assertAppName(requiredString(values, 'app'));
    const timeoutMs = parseDuration(optionalString(values, 'timeout') ?? '10m', 'timeout');
    const degradedGraceMs = parseDuration(optionalString(values, 'degraded-grace') ?? '2m', 'degraded-grace', true);
    const source = parseSource(values, 'cluster');
    const only = (option: string, where: string) => {
      if (optionalString(values, option)) throw new UsageError(`--${option} is only for --via ${where}.`);
    };
    if (source === 'github') {
      only('context', 'cluster');
      only('argocd-namespace', 'cluster');
      await waitOnGitHub(values, context, { environment, app, timeoutMs, degradedGraceMs });
    } else {
      for (const option of ['poll-interval', 'remote', 'branch']) only(option, 'github');
      await waitOnCluster(values, context, { environment, app, timeoutMs, degradedGraceMs });
    }
  },
};

interface Target {
  readonly environment: Environment;
  readonly app: string;
  readonly timeoutMs: number;
  readonly degradedGraceMs: number;
}

async function waitOnGitHub(values: OptionValues, context: CommandContext, target: Target) {
  const git = await openRepository(values, context);
  const remote = optionalString(values, 'remote') ?? 'origin';
  const branch = optionalString(values, 'branch') ?? 'main';
  const tracking = `refs/remotes/${remote}/${branch}`;
  let fetchFailed = false;
  const fetch = async () => {
    const result = await git.attempt(['fetch', '--quiet', remote, `+refs/heads/${branch}:${tracking}`]);
    if (result.status !== 0 && !fetchFailed) {
      context.stderr(`Could not fetch ${remote}/${branch} (${result.stderr.trim()}); using the last fetched one.`);
    }
    fetchFailed = result.status !== 0;
  };
  await fetch();
  const revision = await resolveCommit(git, requiredString(values, 'revision'), '--revision');
  const name = statusContext(target.app, target.environment);
  const reading = await waitForCommitStatus({
    reader: await commitStatusReader(git, remote, context),
    context: name,
    candidates: async () => {
      await fetch();
      const tip = await tryResolveCommit(git, tracking);
      return tip ? commitsContaining(git, revision, tip) : [revision];
    },
    timeoutMs: target.timeoutMs,
    failureGraceMs: target.degradedGraceMs,
    pollIntervalMs: parseDuration(optionalString(values, 'poll-interval') ?? '15s', 'poll-interval'),
    sleep: context.sleep,
    onState: context.stderr,
  });
  context.stdout(`${name} reports ${describeReading(reading)}: it runs ${revision.slice(0, 12)} or later.`);
}

async function waitOnCluster(values: OptionValues, context: CommandContext, target: Target) {
  const history = await localHistory(values, context);
  const revision = await fullRevision(history, requiredString(values, 'revision'));
  const cluster = await context.connectCluster(optionalString(values, 'context'));
  const name = applicationName(target.app, target.environment);
  const application = await waitForRevision({
    cluster,
    namespace: optionalString(values, 'argocd-namespace') ?? 'argocd',
    name,
    revision,
    includesRevision: includes(history, revision),
    timeoutMs: target.timeoutMs,
    degradedGraceMs: target.degradedGraceMs,
    reconnectDelayMs: context.reconnectDelayMs,
    onState: context.stderr,
  });
  context.stdout(`${name} is ${describeApplication(application)}: it runs ${revision.slice(0, 12)} or later.`);
}

/** The repository, when there is one, to tell whether a synced revision comes after the awaited one. */
async function localHistory(values: OptionValues, context: CommandContext): Promise<Git | undefined> {
  const git = context.git(resolve(context.cwd, optionalString(values, 'repo') ?? '.'));
  try {
    await assertGitRepository(git);
    return git;
  } catch {
    return undefined;
  }
}

async function fullRevision(history: Git | undefined, given: string): Promise<string> {
  if (/^[0-9a-f]{40}$/.test(given)) return given;
  const resolved = history ? await tryResolveCommit(history, given) : undefined;
  if (!resolved)
    throw new UsageError(
      `--revision must be a 40-character commit SHA (or a commit of this repository), not "${given}".`,
    );
  return resolved;
}

/** Synced at the revision itself, or at a descendant of it (a later commit on main). */
function includes(history: Git | undefined, revision: string) {
  const known = new Map<string, boolean>();
  return async (synced: string): Promise<boolean> => {
    if (synced === revision) return true;
    if (!history) return false;
    const cached = known.get(synced);
    if (cached !== undefined) return cached;
    if (!(await tryResolveCommit(history, synced))) await history.attempt(['fetch', '--quiet', 'origin']);
    const contains =
      (await tryResolveCommit(history, synced)) !== undefined && (await isAncestor(history, revision, synced));
    known.set(synced, contains);
    return contains;
  };
}
