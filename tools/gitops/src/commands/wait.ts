import { describeApplication } from '../cluster/describe-application.ts';
import { waitForRevision } from '../cluster/wait-for-revision.ts';
import type { Command, CommandContext, OptionValues } from '../cli/command.ts';
import { parseDuration } from '../cli/duration.ts';
import { optionalString, requiredString } from '../cli/parse-options.ts';
import { applicationName, parseEnvironment } from '../environments.ts';
import { UsageError } from '../errors.ts';
import type { Git } from '../git/git.ts';
import { assertGitRepository } from '../git/repository-checks.ts';
import { isAncestor, tryResolveCommit } from '../git/resolve-commit.ts';
import { assertAppName } from '../repository-layout.ts';
import { resolve } from 'node:path';

export const waitCommand: Command = {
  name: 'wait',
  summary: 'watch an Application until it has synced a revision and is Healthy',
  synopsis: ['--env <env> --app <app> --revision <sha> [--timeout 10m] [--context <name>]'],
  description: [
    'Watches Application <app>-<env> (watch API, resumed from the last resource version when the connection',
    'drops) until it is Synced at <sha> or a later commit that contains it (checked with the local git history,',
    'fetched when needed) and Healthy. Fails at once when it turns Degraded or its sync fails at such a revision.',
  ],
  options: {
    env: { type: 'string', value: '<env>', description: 'dev, staging or prod' },
    app: { type: 'string', value: '<app>', description: 'the app' },
    revision: { type: 'string', value: '<sha>', description: 'the commit of this repository to wait for' },
    timeout: { type: 'string', value: '<duration>', description: 'give up after this long (default: 10m)' },
    context: { type: 'string', value: '<name>', description: 'kubeconfig context (default: the current one)' },
    'argocd-namespace': {
      type: 'string',
      value: '<ns>',
      description: 'namespace of the Applications (default: argocd)',
    },
  },
  async run(values, context) {
    const environment = parseEnvironment(requiredString(values, 'env'));
    const app = assertAppName(requiredString(values, 'app'));
    const timeoutMs = parseDuration(optionalString(values, 'timeout') ?? '10m', 'timeout');
    const history = await localHistory(values, context);
    const revision = await fullRevision(history, requiredString(values, 'revision'));
    const cluster = await context.connectCluster(optionalString(values, 'context'));
    const name = applicationName(app, environment);
    const application = await waitForRevision({
      cluster,
      namespace: optionalString(values, 'argocd-namespace') ?? 'argocd',
      name,
      revision,
      includesRevision: includes(history, revision),
      timeoutMs,
      reconnectDelayMs: context.reconnectDelayMs,
      onState: context.stderr,
    });
    context.stdout(`${name} is ${describeApplication(application)}: it runs ${revision.slice(0, 12)} or later.`);
  },
};

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
