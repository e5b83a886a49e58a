import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command, CommandContext } from '../cli/command.ts';
import { writeGithubOutputs } from '../cli/github-output.ts';
import { flag, optionalString } from '../cli/parse-options.ts';
import { openRepository } from '../cli/repository-options.ts';
import { type Environment, parseEnvironment } from '../environments.ts';
import { UsageError } from '../errors.ts';
import { commitWithoutChanges } from '../git/commit-files.ts';
import type { Git } from '../git/git.ts';
import { CommitReader } from '../git/read-at-commit.ts';
import { resolveCommit, tryResolveCommit } from '../git/resolve-commit.ts';
import { layout } from '../repository-layout.ts';
import { readImageTag } from '../values/image-tag.ts';

export const affectedAppsCommand: Command = {
  name: 'affected-apps',
  summary: 'the deployable apps Nx says a range of commits affects (a list or a GitHub Actions matrix)',
  synopsis: [
    '--base <sha> --head <sha> [--json] [--github-output]',
    '--since-deployed <env> [--head <sha>] [--json] [--github-output]',
  ],
  description: [
    'Deployable apps are the Nx projects of type application with a Dockerfile in their root. An app is affected',
    "when Nx's project graph says so (its own files or a dependency's changed); Markdown files are ignored. A",
    "lockfile change affects only the projects whose dependencies changed, as nx.json's",
    "projectsAffectedByDependencyUpdates: 'auto' asks. With --since-deployed <env> each app is compared from its",
    'own deployed tag in that environment (the commit its image was built from), so an app whose last build or',
    'bump failed is rebuilt; an app not deployed there, or whose tag is unknown, is affected. Nx runs in the top',
    'folder of the repository, which must be the workspace root.',
  ],
  options: {
    base: { type: 'string', value: '<sha>', description: 'compare from this commit' },
    head: {
      type: 'string',
      value: '<sha>',
      description: 'compare to this commit (default with --since-deployed: HEAD)',
    },
    'since-deployed': {
      type: 'string',
      value: '<env>',
      description: "use each app's deployed tag in <env> as its base",
    },
    json: { type: 'boolean', description: 'print a JSON array' },
    'github-output': { type: 'boolean', description: 'write apps (JSON array) and matrix to $GITHUB_OUTPUT' },
  },
  async run(values, context) {
    const git = await openRepository(values, context);
    const since = optionalString(values, 'since-deployed');
    const base = optionalString(values, 'base');
    const headOption = optionalString(values, 'head');
    if ((since === undefined) === (base === undefined)) {
      throw new UsageError('Give either --base <sha> --head <sha>, or --since-deployed <env>.');
    }
    if (base !== undefined && headOption === undefined) throw new UsageError('Missing --head <sha>.');
    const environment = since === undefined ? undefined : parseEnvironment(since);
    const head = await resolveCommit(git, headOption ?? 'HEAD', '--head');
    const baseSha = base === undefined ? undefined : await resolveCommit(git, base, '--base');

    const workspace = context.nx(git.directory);
    const affectedBetween = async (from: string) =>
      // Documentation never changes an image: Nx compares head as it would be without Markdown changes.
      workspace.affected(from, await commitWithoutChanges(git, from, head, '*.md'));
    const [projects, affectedSinceBase] = await Promise.all([
      workspace.projects(),
      // Asked at the same time as the projects: the second Nx process waits for the first one's graph.
      baseSha === undefined ? undefined : affectedBetween(baseSha),
    ]);
    const deployable = projects
      .filter((project) => project.type === 'app' && existsSync(join(git.directory, project.root, 'Dockerfile')))
      .map((project) => project.name)
      .sort();
    const affected = environment
      ? await affectedSinceDeployed(git, affectedBetween, deployable, environment, head, context)
      : deployable.filter((name) => affectedSinceBase?.has(name));

    if (flag(values, 'json')) context.stdout(JSON.stringify(affected));
    else for (const app of affected) context.stdout(app);
    if (flag(values, 'github-output')) {
      await writeGithubOutputs(context.githubOutputFile, {
        apps: JSON.stringify(affected),
        matrix: JSON.stringify({ include: affected.map((app) => ({ app })) }),
      });
    }
  },
};

async function affectedSinceDeployed(
  git: Git,
  affectedBetween: (base: string) => Promise<Set<string>>,
  deployable: readonly string[],
  environment: Environment,
  head: string,
  context: CommandContext,
): Promise<string[]> {
  const reader = new CommitReader(git, head);
  const deployed = await Promise.all(
    deployable.map(async (app) => {
      const path = layout.valuesFile(environment, app);
      const text = await reader.read(path);
      const tag = text === undefined ? '' : readImageTag(text, path);
      return { app, text, tag, base: tag === '' ? undefined : await tryResolveCommit(git, tag) };
    }),
  );
  // One Nx process per deployed commit, all at once: they share one project graph computation.
  const bases = [...new Set(deployed.flatMap(({ base }) => base ?? []))];
  const affectedByBase = new Map(
    await Promise.all(bases.map(async (base) => [base, await affectedBetween(base)] as const)),
  );
  const result: string[] = [];
  for (const { app, text, tag, base } of deployed) {
    if (text === undefined || base === undefined) {
      context.stderr(
        `${app}: affected (${text === undefined ? `not deployed in ${environment}` : `deployed tag "${tag}" is not a commit here`}).`,
      );
      result.push(app);
      continue;
    }
    const changed = affectedByBase.get(base)?.has(app) === true;
    context.stderr(
      `${app}: ${changed ? 'affected' : 'unchanged'} since ${base.slice(0, 12)}, deployed in ${environment}.`,
    );
    if (changed) result.push(app);
  }
  return result;
}
