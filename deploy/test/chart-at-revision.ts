// The chart an environment actually renders: Argo CD's chart source is deploy/charts/<app> at the
// commit the environment's values file names in chart.revision (argocd/README.md), with the values
// file itself from main. These helpers read that revision and extract the chart as it was at it,
// with git, into a temporary folder.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { deployDir, type Release } from './releases.js';

export const repoRoot = join(deployDir, '..');
const SHA = /^[0-9a-f]{40}$/;

function git(args: string[], input?: Buffer) {
  return spawnSync('git', args, { cwd: repoRoot, input, maxBuffer: 256 * 1024 * 1024 });
}

/** The chart revision a values file records (`chart.revision`), or a problem naming the file. */
export function chartRevisionOf(release: Release): { revision?: string; problem?: string } {
  const file = `deploy/values/${release.env}/${release.app}.yaml`;
  const revision = (parse(readFileSync(release.valuesFile, 'utf8')) as { chart?: { revision?: unknown } })?.chart
    ?.revision;
  if (typeof revision !== 'string' || !SHA.test(revision))
    return { problem: `${file}: chart.revision must be a full 40-hex commit SHA, found ${JSON.stringify(revision)}` };
  if (git(['cat-file', '-e', `${revision}^{commit}`]).status !== 0)
    return { problem: `${file}: chart.revision ${revision} is not a commit of this repository (a shallow clone?)` };
  if (git(['cat-file', '-e', `${revision}:deploy/charts/${release.app}/Chart.yaml`]).status !== 0)
    return { problem: `${file}: deploy/charts/${release.app} does not exist at chart.revision ${revision}` };
  return { revision };
}

/**
 * deploy/charts/<app> as it was at `revision`, extracted (`git archive | tar -x`) into a folder
 * that `cleanup` removes. Returns the chart's folder.
 */
export function extractChart(app: string, revision: string, cleanup: (dir: string) => void): string {
  const dir = mkdtempSync(join(tmpdir(), `chart-${app}-${revision.slice(0, 8)}-`));
  cleanup(dir);
  const archive = git(['archive', '--format=tar', revision, `deploy/charts/${app}`]);
  if (archive.status !== 0) throw new Error(`git archive ${revision} deploy/charts/${app}: ${archive.stderr}`);
  const untar = spawnSync('tar', ['-x', '-C', dir], { input: archive.stdout });
  if (untar.status !== 0) throw new Error(`tar -x of deploy/charts/${app}@${revision}: ${untar.stderr}`);
  return join(dir, 'deploy', 'charts', app);
}

/** The chart's defaults (values.yaml) at the revision the environment renders. */
export function pinnedChartDefaults(release: Release): unknown {
  const { revision, problem } = chartRevisionOf(release);
  if (!revision) throw new Error(problem);
  const shown = git(['show', `${revision}:deploy/charts/${release.app}/values.yaml`]);
  if (shown.status !== 0)
    throw new Error(`git show ${revision}:deploy/charts/${release.app}/values.yaml: ${shown.stderr}`);
  return parse(shown.stdout.toString());
}

/** Removes a folder made by extractChart. */
export const removeDir = (dir: string) => rmSync(dir, { recursive: true, force: true });

/** The parent commit of `revision`, or undefined at the root or in a shallow clone. */
export function parentOf(revision: string): string | undefined {
  const result = git(['rev-parse', '--verify', '--quiet', `${revision}^`]);
  return result.status === 0 ? result.stdout.toString().trim() : undefined;
}
