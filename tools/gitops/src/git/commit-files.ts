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
  return withPrivateIndex(git, base, message, async (env) => {
    for (const file of files) {
      const mode = (await git.run(['ls-tree', base, '--', file.path])).split(' ')[0] || '100644';
      const blob = (
        await git.run(['hash-object', '-w', '--stdin', `--path=${file.path}`], { input: file.content })
      ).trim();
      await git.run(['update-index', '--add', '--cacheinfo', `${mode},${blob},${file.path}`], { env });
    }
  });
}

/**
 * `head` without its changes (since `base`) to the files matching `pathspec`: a commit on head, on no
 * branch, whose tree is head's with those files as they are in base. Head itself when there are none.
 */
export async function commitWithoutChanges(git: Git, base: string, head: string, pathspec: string): Promise<string> {
  const raw = await git.run(['diff-tree', '-r', '-z', '--no-renames', base, head, '--', pathspec]);
  // Entries ":<base mode> <head mode> <base blob> <head blob> <status>\0<path>\0". A file new in head has
  // base mode 000000, which tells update-index to remove it.
  const entries = [...raw.matchAll(/:(\d+) \d+ (\w+) \w+ \w\0([^\0]*)\0/g)].map(
    ([, mode, blob, path]) => `${mode} ${blob}\t${path}`,
  );
  if (entries.length === 0) return head;
  return withPrivateIndex(git, head, `${head} without changes to ${pathspec}`, (env) =>
    git.run(['update-index', '-z', '--index-info'], { env, input: `${entries.join('\0')}\0` }),
  );
}

/** Reads `parent` into an index of its own, lets `edit` change it, and commits the result on `parent`. */
async function withPrivateIndex(
  git: Git,
  parent: string,
  message: string,
  edit: (env: { GIT_INDEX_FILE: string }) => Promise<unknown>,
): Promise<string> {
  const gitPath = (await git.run(['rev-parse', '--git-path', `gitops-index-${randomUUID()}`])).trim();
  const indexFile = isAbsolute(gitPath) ? gitPath : join(git.directory, gitPath);
  const env = { GIT_INDEX_FILE: indexFile };
  try {
    await git.run(['read-tree', parent], { env });
    await edit(env);
    const tree = (await git.run(['write-tree'], { env })).trim();
    return (await git.run(['commit-tree', tree, '-p', parent, '-F', '-'], { input: message })).trim();
  } finally {
    await rm(indexFile, { force: true });
  }
}
