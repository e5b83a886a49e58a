import type { Git } from '../git/git.ts';

/** The files that differ between two commits, by what head has of them. */
export interface TreeDiff {
  /** Added or modified: the file exists in head. */
  readonly changed: readonly string[];
  /** In base, not in head. */
  readonly deleted: readonly string[];
}

/** Every file that differs between base and head (renames as a deletion and an addition). */
export async function diffTrees(git: Git, base: string, head: string): Promise<TreeDiff> {
  const raw = await git.run(['diff-tree', '-r', '-z', '--no-renames', '--name-status', base, head]);
  // "<status>\0<path>\0" per file.
  const fields = raw.split('\0');
  const changed: string[] = [];
  const deleted: string[] = [];
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const [status, path] = [fields[i], fields[i + 1]];
    if (path) (status === 'D' ? deleted : changed).push(path);
  }
  return { changed, deleted };
}
