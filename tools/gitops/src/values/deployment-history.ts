import type { Environment } from '../environments.ts';
import { NoPreviousTagError } from '../errors.ts';
import type { Git } from '../git/git.ts';
import { layout } from '../repository-layout.ts';
import { type DeploymentUnit, readHistoricUnit, sameUnit } from './deployment-unit.ts';

const historyLimit = 500;

/** A commit that changed an environment's unit of an app: a deployment. */
export interface Deployment {
  readonly commit: string;
  /** Committer date, ISO 8601. */
  readonly date: string;
  readonly subject: string;
  readonly unit: DeploymentUnit;
  /** A later commit replaced this unit by going back to an older one: it was rolled back from. */
  readonly rolledBackFrom: boolean;
}

const keyOf = (unit: DeploymentUnit) => `${unit.tag} ${unit.chartRevision}`;

/**
 * The deployments of an app in an environment, newest first: the first-parent commits up to `tip`
 * that changed the unit (image.tag, chart.revision) in deploy/values/<env>/<app>.yaml. Only the
 * file's own history counts — never commit messages — so a squash-merged pull request with any
 * message is read like any other commit. A change to a unit seen earlier than the one it replaces
 * goes backwards: the replaced unit was rolled back from (until it is deployed forwards again).
 */
export async function deploymentHistory(
  git: Git,
  tip: string,
  environment: Environment,
  app: string,
): Promise<Deployment[]> {
  const path = layout.valuesFile(environment, app);
  const log = await git.run([
    'log',
    '--first-parent',
    `-n${historyLimit}`,
    '--format=%H%x1f%cI%x1f%s',
    tip,
    '--',
    path,
  ]);
  const chronological: Omit<Deployment, 'rolledBackFrom'>[] = [];
  for (const line of log.split('\n').filter(Boolean).reverse()) {
    const [commit = '', date = '', subject = ''] = line.split('\x1f');
    const text = await git.attempt(['cat-file', 'blob', `${commit}:${path}`]);
    if (text.status !== 0) continue; // the file was deleted by this commit
    const unit = readHistoricUnit(text.stdout, path, commit);
    const previous = chronological.at(-1);
    if (previous && sameUnit(previous.unit, unit)) continue;
    chronological.push({ commit, date, subject, unit });
  }

  const keys = chronological.map((deployment) => keyOf(deployment.unit));
  const firstSeen = (key: string) => keys.indexOf(key);
  const rolledBackFrom = new Set<string>();
  keys.forEach((to, index) => {
    const from = keys[index - 1];
    if (from === undefined) return;
    if (firstSeen(to) < firstSeen(from)) rolledBackFrom.add(from);
    else rolledBackFrom.delete(to);
  });
  return chronological
    .map((deployment) => ({ ...deployment, rolledBackFrom: rolledBackFrom.has(keyOf(deployment.unit)) }))
    .reverse();
}

/**
 * The deployment a rollback restores by default: the newest earlier one whose unit differs from the
 * current one and was not itself rolled back from, so a second rollback goes further back, not forth.
 */
export function previousDeployment(history: readonly Deployment[], path: string): Deployment {
  const [current, ...earlier] = history;
  const found = current && earlier.find((d) => !d.rolledBackFrom && !sameUnit(d.unit, current.unit));
  if (!found) {
    throw new NoPreviousTagError(
      `${path} has no earlier deployment to roll back to (looked at ${history.length} units): give one with --to <commit>, see --list.`,
    );
  }
  return found;
}
