// What a generated Application renders: its first source is deploy/charts/<app> at a pinned commit of
// this repository, its value files are `$values/<path>` in the second source (`ref: values`, main).
// Here main is the working tree, and the chart is extracted at its commit with `git archive`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Manifest } from '@platform/manifest-validation';
import type { Json } from './objects.js';
import { repoRoot } from './repository.js';

/** The chart source and the value files (paths relative to the repository) of a generated Application. */
export function chartSourceOf(app: Manifest): {
  path: string;
  revision: string;
  releaseName: string;
  valueFiles: string[];
} {
  const [chart, values] = (app.spec as Json).sources as Json[];
  if (values?.ref !== 'values') throw new Error(`${app.metadata?.name}: sources[1] is not the ref: values source`);
  return {
    path: chart!.path,
    revision: chart!.targetRevision,
    releaseName: chart!.helm.releaseName,
    valueFiles: (chart!.helm.valueFiles as string[]).map((file) => {
      if (!file.startsWith('$values/'))
        throw new Error(`${app.metadata?.name}: value file ${file} is not under $values/`);
      return file.slice('$values/'.length);
    }),
  };
}

const git = (args: string[]) => spawnSync('git', args, { cwd: repoRoot, maxBuffer: 256 * 1024 * 1024 });

/** Whether `path` exists in this repository at `revision`. */
export const existsAt = (revision: string, path: string) => git(['cat-file', '-e', `${revision}:${path}`]).status === 0;

const extracted = new Map<string, string>();
/** The folder `path` as it was at `revision`, extracted once per process into a temporary folder. */
export function extractAt(revision: string, path: string): string {
  const key = `${revision}:${path}`;
  if (!extracted.has(key)) {
    const dir = mkdtempSync(join(tmpdir(), 'argocd-chart-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    const archive = git(['archive', '--format=tar', revision, path]);
    if (archive.status !== 0) throw new Error(`git archive ${revision} ${path}: ${archive.stderr}`);
    const untar = spawnSync('tar', ['-x', '-C', dir], { input: archive.stdout });
    if (untar.status !== 0) throw new Error(`tar -x of ${path}@${revision}: ${untar.stderr}`);
    extracted.set(key, join(dir, path));
  }
  return extracted.get(key)!;
}
