import type { Environment } from '../environments.ts';
import { NoPreviousTagError } from '../errors.ts';
import type { Git } from '../git/git.ts';
import { layout } from '../repository-layout.ts';
import { trailerKey } from './commit-message.ts';
import { readImageTag } from './image-tag.ts';

const historyLimit = 500;

/**
 * The tag to roll back to: walking the values file's history from `commit` backwards, the newest tag
 * that differs from the current one and was not itself rolled back from (a rollback commit's
 * Gitops-Change trailer names the tag it left), so rolling back twice goes further back, not forth.
 */
export async function previousTag(git: Git, commit: string, environment: Environment, app: string): Promise<string> {
  const path = layout.valuesFile(environment, app);
  const log = await git.run(['log', `-n${historyLimit}`, '--format=%H%x1f%B%x1e', commit, '--', path]);
  const entries = log
    .split('\x1e')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const [sha = '', body = ''] = entry.split('\x1f');
      return { sha, body };
    });

  const rolledBackFrom = new Set<string>();
  const rollbackTrailer = new RegExp(`^${trailerKey}: rollback ${environment}/${app} (\\S+) (\\S+)$`, 'gm');
  for (const { body } of entries) {
    for (const [, from = ''] of body.matchAll(rollbackTrailer)) rolledBackFrom.add(from);
  }

  const current = readImageTag(await git.run(['cat-file', 'blob', `${commit}:${path}`]), path);
  for (const { sha } of entries) {
    const text = await git.attempt(['cat-file', 'blob', `${sha}:${path}`]);
    if (text.status !== 0) continue;
    const tag = readImageTag(text.stdout, path);
    if (tag !== '' && tag !== current && !rolledBackFrom.has(tag)) return tag;
  }
  throw new NoPreviousTagError(
    `${path} has no earlier image tag to roll back to (looked at ${entries.length} commits): give one with --to <tag>.`,
  );
}
