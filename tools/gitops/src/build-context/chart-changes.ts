import { parse } from 'yaml';
import type { Environment } from '../environments.ts';
import type { Git } from '../git/git.ts';
import { CommitReader } from '../git/read-at-commit.ts';
import { tryResolveCommit } from '../git/resolve-commit.ts';
import { layout } from '../repository-layout.ts';

/** chart.revision of a values file's text, or '' when it has none (a file from before the key existed). */
function recordedChartRevision(text: string): string {
  const revision = (parse(text) as { chart?: { revision?: unknown } } | null)?.chart?.revision;
  return typeof revision === 'string' ? revision : '';
}

const chartDiffers = async (git: Git, from: string, to: string, app: string) =>
  (await git.attempt(['diff', '--quiet', from, to, '--', layout.chartDirectory(app)])).status !== 0;

/**
 * The apps (among those with a chart at head) whose deploy/charts/<app>/ differs from what the
 * environment renders: the chart at the revision its values file records in chart.revision. An app with
 * no values file there, no chart.revision yet, or a revision that is not a commit here counts as changed.
 */
export async function chartsChangedSinceDeployed(
  git: Git,
  apps: readonly string[],
  environment: Environment,
  head: string,
  log: (line: string) => void,
): Promise<string[]> {
  const reader = new CommitReader(git, head);
  const changed = await Promise.all(
    apps.map(async (app) => {
      if (!(await reader.exists(layout.chartDirectory(app)))) return false;
      const text = await reader.read(layout.valuesFile(environment, app));
      const revision = text === undefined ? '' : recordedChartRevision(text);
      const commit = revision === '' ? undefined : await tryResolveCommit(git, revision);
      if (commit === undefined) {
        log(
          `${app}: chart changed (${text === undefined ? `not deployed in ${environment}` : revision === '' ? 'no chart.revision recorded' : `chart.revision "${revision}" is not a commit here`}).`,
        );
        return true;
      }
      const differs = await chartDiffers(git, commit, head, app);
      log(
        `${app}: chart ${differs ? 'changed' : 'unchanged'} since ${commit.slice(0, 12)}, rendered in ${environment}.`,
      );
      return differs;
    }),
  );
  return apps.filter((_, index) => changed[index]);
}

/** The apps whose deploy/charts/<app>/ differs between two commits. */
export async function chartsChangedBetween(
  git: Git,
  apps: readonly string[],
  base: string,
  head: string,
): Promise<string[]> {
  const changed = await Promise.all(apps.map((app) => chartDiffers(git, base, head, app)));
  return apps.filter((_, index) => changed[index]);
}
