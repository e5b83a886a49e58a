import { existsSync, readdirSync, readFileSync } from 'node:fs';
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

/** The YAML files under argocd/clusters/<cluster>/ (any depth), path (from the repository) → content, by cluster. */
export function readClusterFiles(): Map<string, Map<string, string>> {
  const clusters = join(repositoryRoot, 'argocd', 'clusters');
  const byCluster = new Map<string, Map<string, string>>();
  if (!existsSync(clusters)) return byCluster;
  for (const cluster of readdirSync(clusters, { withFileTypes: true }).filter((entry) => entry.isDirectory())) {
    const files = new Map<string, string>();
    for (const file of readdirSync(join(clusters, cluster.name), { recursive: true, encoding: 'utf8' })) {
      if (/\.ya?ml$/.test(file))
        files.set(`argocd/clusters/${cluster.name}/${file}`, readFileSync(join(clusters, cluster.name, file), 'utf8'));
    }
    byCluster.set(cluster.name, files);
  }
  return byCluster;
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
