import type { Environment } from '../environments.ts';
import { describeUnit, shortSha, type UnitChange } from './deployment-unit.ts';

export type ChangeKind = 'bump' | 'promote' | 'rollback';

/**
 * One trailer per changed values file, for people and log searches:
 * `Gitops-Change: <kind> <env>/<app> <old tag> <new tag> <old chart revision> <new chart revision>`.
 * Nothing reads it back: rollback decides from the values file's own history, which a squash merge
 * with another message cannot lose.
 */
export const trailerKey = 'Gitops-Change';

const trailers = (kind: ChangeKind, changes: readonly UnitChange[]) =>
  changes.map(
    (c) =>
      `${trailerKey}: ${kind} ${c.environment}/${c.app} ${c.previous.tag || '-'} ${c.unit.tag} ${c.previous.chartRevision || '-'} ${c.unit.chartRevision}`,
  );

const part = (name: string, before: string, after: string) =>
  before === after ? `${name} ${after || '(none)'} (unchanged)` : `${name} ${before || '(none)'} → ${after}`;

const lines = (changes: readonly UnitChange[]) =>
  changes.map(
    (c) =>
      `- ${c.app} in ${c.environment}: ${part('image tag', c.previous.tag, c.unit.tag)}; ${part('chart revision', c.previous.chartRevision, c.unit.chartRevision)}`,
  );

const appList = (changes: readonly UnitChange[]) => changes.map((c) => c.app).join(', ');

/** `1a2b3c4 → 5d6e7f8` for the image, with the chart when it moves too. */
function shortChange(change: UnitChange): string {
  const image = `${shortSha(change.previous.tag)} → ${shortSha(change.unit.tag)}`;
  if (change.previous.chartRevision === change.unit.chartRevision) return image;
  if (change.previous.tag === change.unit.tag)
    return `chart ${shortSha(change.previous.chartRevision)} → ${shortSha(change.unit.chartRevision)}`;
  return `${image}, chart ${shortSha(change.previous.chartRevision)} → ${shortSha(change.unit.chartRevision)}`;
}

function firstOf(changes: readonly UnitChange[]): UnitChange {
  const [first] = changes;
  if (!first) throw new Error('A commit message needs at least one change.');
  return first;
}

function message(subject: string, body: string[], kind: ChangeKind, changes: readonly UnitChange[]): string {
  return [subject, '', ...body, '', ...trailers(kind, changes), ''].join('\n');
}

/** Conventional commit naming app, environment, old → new unit and the source commit. */
export function bumpMessage(changes: readonly UnitChange[]): string {
  const first = firstOf(changes);
  const subject =
    changes.length === 1
      ? `chore(deploy): bump ${first.app} in ${first.environment} ${shortChange(first)}`
      : `chore(deploy): bump ${appList(changes)} in ${first.environment} to ${describeUnit(first.unit)}`;
  const sources = [...new Set(changes.filter((c) => c.previous.tag !== c.unit.tag).map((c) => c.unit.tag))];
  return message(
    subject,
    [...lines(changes), '', ...sources.map((tag) => `Source commit: ${tag} (the images are built from it).`)],
    'bump',
    changes,
  );
}

export function promoteMessage(changes: readonly UnitChange[], from: Environment, to: Environment): string {
  const first = firstOf(changes);
  const subject =
    changes.length === 1
      ? `chore(deploy): promote ${first.app} from ${from} to ${to} ${shortChange(first)}`
      : `chore(deploy): promote ${appList(changes)} from ${from} to ${to}`;
  return message(
    subject,
    [
      `Copies the units (image tag and chart revision) that run in ${from} to ${to}:`,
      ...lines(changes),
      '',
      ...changes.map((c) => `Source commit of ${c.app}: ${c.unit.tag}`),
    ],
    'promote',
    changes,
  );
}

export function rollbackMessage(changes: readonly UnitChange[], deployment: string): string {
  const change = firstOf(changes);
  return message(
    `revert(deploy): roll back ${change.app} in ${change.environment} ${shortChange(change)}`,
    [
      `Restores the unit (image tag and chart revision) deployed by ${deployment}, so that git agrees with`,
      `the rollback done in Argo CD (History and Rollback), or undoes a release that failed verification.`,
      `History is not rewritten.`,
      ...lines([change]),
      '',
      `Source commit: ${change.unit.tag}`,
    ],
    'rollback',
    changes,
  );
}
