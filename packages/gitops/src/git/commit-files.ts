import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import type { Git } from './git.ts';

export interface FileContent {
  readonly path: string;
  readonly content: string;
}

/**
 * Makes a commit whose parent is `base` and whose tree is base's tree with these files replaced,
 * without touching the working tree, the index or any branch (git plumbing on a private index).
 * That is what lets a retry re-apply the same edit on a newer remote head.
 */
export async function commitFiles(
  git: Git,
  base: string,
  files: readonly FileContent[],
  message: string,
): Promise<string> {
  const gitPath = (await git.run(['rev-parse', '--git-path', `gitops-index-${randomUUID()}`])).trim();
  const indexFile = isAbsolute(gitPath) ? gitPath : join(git.directory, gitPath);
  const env = { GIT_INDEX_FILE: indexFile };
  try {
    await git.run(['read-tree', base], { env });
    for (const file of files) {
      const mode = (await git.run(['ls-tree', base, '--', file.path])).split(' ')[0] || '100644';
      const blob = (
        await git.run(['hash-object', '-w', '--stdin', `--path=${file.path}`], { input: file.content })
      ).trim();
      await git.run(['update-index', '--add', '--cacheinfo', `${mode},${blob},${file.path}`], { env });
    }
    const tree = (await git.run(['write-tree'], { env })).trim();
    return (await git.run(['commit-tree', tree, '-p', base, '-F', '-'], { input: message })).trim();
  } finally {
    await rm(indexFile, { force: true });
  }
}
