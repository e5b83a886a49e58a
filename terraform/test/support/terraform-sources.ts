import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTerraformTree, readTerraformSources, type TerraformTree } from '../../checks/hcl-tree.js';

export const terraformRoot = join(import.meta.dirname, '..', '..');
export const repositoryRoot = join(terraformRoot, '..');

export const readSources = () => readTerraformSources(terraformRoot);

/** A file of the repository (e.g. argocd/bootstrap/root-dev.yaml), or undefined when it does not exist. */
export function readRepositoryFile(path: string): string | undefined {
  const file = join(repositoryRoot, path);
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}

export async function loadTree(): Promise<TerraformTree> {
  return parseTerraformTree(await readSources());
}

/** One textual change to one file of a copy of the tree, or the removal of the file. */
export type Edit = { file: string; from: string | RegExp; to: string } | { file: string; remove: true };

/** The sources with the edits applied in memory; an edit that changes nothing fails, so a case never passes by accident. */
export function applyEdits(sources: ReadonlyMap<string, string>, edits: readonly Edit[]): Map<string, string> {
  const copy = new Map(sources);
  for (const edit of edits) {
    const before = copy.get(edit.file);
    if (before === undefined) throw new Error(`no file ${edit.file} in the tree`);
    if ('remove' in edit) {
      copy.delete(edit.file);
      continue;
    }
    const after = before.replace(edit.from, edit.to);
    if (after === before) throw new Error(`the edit of ${edit.file} matched nothing: ${String(edit.from)}`);
    copy.set(edit.file, after);
  }
  return copy;
}

export const editedTree = (sources: ReadonlyMap<string, string>, edits: readonly Edit[]): Promise<TerraformTree> =>
  parseTerraformTree(applyEdits(sources, edits));
