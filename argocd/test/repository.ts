import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseManifests, type Manifest } from '@platform/manifest-validation';

export const repoRoot = join(import.meta.dirname, '..', '..');
export const argocdDir = join(repoRoot, 'argocd');

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' || name === 'test' ? [] : yamlFiles(path);
    return name.endsWith('.yaml') ? [path] : [];
  });
}

/** Every object in argocd/, with the file it came from (relative to argocd/). */
export function argocdObjects(): { file: string; manifest: Manifest }[] {
  return yamlFiles(argocdDir).flatMap((path) =>
    parseManifests(readFileSync(path, 'utf8')).map((manifest) => ({ file: relative(argocdDir, path), manifest })),
  );
}

/** Files of the repository matching a generator path such as deploy/values/dev/*.yaml. */
export function filesMatching(pattern: string): string[] {
  const dir = pattern.slice(0, pattern.lastIndexOf('/'));
  const glob = new RegExp(
    `^${pattern
      .slice(pattern.lastIndexOf('/') + 1)
      .replaceAll('.', '\\.')
      .replaceAll('*', '[^/]*')}$`,
  );
  return readdirSync(join(repoRoot, dir))
    .filter((name) => glob.test(name))
    .map((name) => `${dir}/${name}`);
}
