import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseManifests, type Manifest } from '@platform/manifest-validation';
import { parse } from 'yaml';

export const repoRoot = join(import.meta.dirname, '..', '..');
export const argocdDir = join(repoRoot, 'argocd');

/** Helm values files of the argo-cd chart (argocd/platform/*-values.yaml, clusters/<cluster>/*-values.yaml): not objects. */
export const isValuesFile = (file: string) => file.endsWith('-values.yaml');

/** Every .yaml file under argocd/ (relative to argocd/), tests and node_modules aside. */
export function argocdFiles(dir = argocdDir): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' || name === 'test' ? [] : argocdFiles(path);
    return name.endsWith('.yaml') ? [relative(argocdDir, path)] : [];
  });
}

/** Every object in argocd/, with the file it came from (relative to argocd/). */
export function argocdObjects(): { file: string; manifest: Manifest }[] {
  return argocdFiles()
    .filter((file) => !isValuesFile(file))
    .flatMap((file) =>
      parseManifests(readFileSync(join(argocdDir, file), 'utf8')).map((manifest) => ({ file, manifest })),
    );
}

/** A YAML file of the repository, parsed (path relative to the repository root). */
export function readYaml(path: string): unknown {
  return parse(readFileSync(join(repoRoot, path), 'utf8'));
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
