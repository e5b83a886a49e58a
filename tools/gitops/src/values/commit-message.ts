import type { Environment } from '../environments.ts';
import { shortSha, type TagChange } from './tag-change.ts';

export type ChangeKind = 'bump' | 'promote' | 'rollback';

/**
 * One trailer per changed values file: `Gitops-Change: <kind> <env>/<app> <old tag> <new tag>`.
 * `rollback` reads them back to skip tags that were rolled back from.
 */
export const trailerKey = 'Gitops-Change';

const trailers = (kind: ChangeKind, changes: readonly TagChange[]) =>
  changes.map((c) => `${trailerKey}: ${kind} ${c.environment}/${c.app} ${c.previousTag || '-'} ${c.tag}`);

const lines = (changes: readonly TagChange[]) =>
  changes.map((c) => `- ${c.app} in ${c.environment}: image tag ${c.previousTag || '(none)'} → ${c.tag}`);

const appList = (changes: readonly TagChange[]) => changes.map((c) => c.app).join(', ');

function firstOf(changes: readonly TagChange[]): TagChange {
  const [first] = changes;
  if (!first) throw new Error('A commit message needs at least one change.');
  return first;
}

function message(subject: string, body: string[], kind: ChangeKind, changes: readonly TagChange[]): string {
  return [subject, '', ...body, '', ...trailers(kind, changes), ''].join('\n');
}

/** Conventional commit naming app, environment, old → new tag and the source commit. */
export function bumpMessage(changes: readonly TagChange[]): string {
  const first = firstOf(changes);
  const subject =
    changes.length === 1
      ? `chore(deploy): bump ${first.app} in ${first.environment} ${shortSha(first.previousTag)} → ${shortSha(first.tag)}`
      : `chore(deploy): bump ${appList(changes)} in ${first.environment} to ${shortSha(first.tag)}`;
  const sources = [...new Set(changes.map((c) => c.tag))];
  return message(
    subject,
    [...lines(changes), '', ...sources.map((tag) => `Source commit: ${tag} (the images are built from it).`)],
    'bump',
    changes,
  );
}

export function promoteMessage(changes: readonly TagChange[], from: Environment, to: Environment): string {
  const first = firstOf(changes);
  const subject =
    changes.length === 1
      ? `chore(deploy): promote ${first.app} from ${from} to ${to} ${shortSha(first.previousTag)} → ${shortSha(first.tag)}`
      : `chore(deploy): promote ${appList(changes)} from ${from} to ${to}`;
  return message(
    subject,
    [
      `Copies the image tags that run in ${from} to ${to}:`,
      ...lines(changes),
      '',
      ...changes.map((c) => `Source commit of ${c.app}: ${c.tag}`),
    ],
    'promote',
    changes,
  );
}

export function rollbackMessage(changes: readonly TagChange[]): string {
  const change = firstOf(changes);
  return message(
    `revert(deploy): roll back ${change.app} in ${change.environment} ${shortSha(change.previousTag)} → ${shortSha(change.tag)}`,
    [
      `Restores the image tag that ran before, so that git agrees with the rollback done in Argo CD`,
      `(History and Rollback), or undoes a release that failed verification. History is not rewritten.`,
      ...lines([change]),
      '',
      `Source commit: ${change.tag}`,
    ],
    'rollback',
    changes,
  );
}
