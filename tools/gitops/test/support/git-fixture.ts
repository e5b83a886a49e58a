import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { environments, type Environment } from '../../src/environments.ts';
import { workspaceRoot } from './paths.ts';

/**
 * The environment for git in tests: no user or system config (no signing, no hooks, no templates),
 * a fixed identity, nothing inherited from a surrounding git or Nx process.
 */
export function testEnvironment(extra: Record<string, string> = {}): Record<string, string> {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(
      (entry): entry is [string, string] => entry[1] !== undefined && !/^(GIT_|NX_)/.test(entry[0]),
    ),
  );
  return {
    ...inherited,
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: 'Gitops Test',
    GIT_AUTHOR_EMAIL: 'gitops-test@example.com',
    GIT_COMMITTER_NAME: 'Gitops Test',
    GIT_COMMITTER_EMAIL: 'gitops-test@example.com',
    ...extra,
  };
}

export function git(directory: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: directory, env: testEnvironment(), encoding: 'utf8' });
}

/** A 40-hex SHA-like tag made from a number, e.g. tag(1) = '000…01'. */
export const tag = (n: number) => n.toString(16).padStart(40, '0');

export const valuesPath = (environment: Environment, app: string) => `deploy/values/${environment}/${app}.yaml`;

export function readValues(repository: string, environment: Environment, app: string): string {
  return readFileSync(join(repository, valuesPath(environment, app)), 'utf8');
}

export function writeFile(repository: string, path: string, content: string): void {
  mkdirSync(dirname(join(repository, path)), { recursive: true });
  writeFileSync(join(repository, path), content);
}

/**
 * A values file's text with chart.revision set: the real files carry the key (replaced here); a file
 * that does not yet gets it appended, the way the contract of issue 11 lays it out.
 */
export function withChartRevision(text: string, revision: string): string {
  const key = /^(chart:\n(?:\s*#.*\n)*\s+revision: )'[^'\n]*'/m;
  if (key.test(text)) return text.replace(key, `$1'${revision}'`);
  return `${text.replace(/\n*$/, '\n')}\n# The revision of deploy/charts/<app> this environment renders.\nchart:\n  revision: '${revision}'\n`;
}

/** The real chart schema, accepting chart.revision even before the chart's own schema does. */
function schemaWithChartRevision(schemaText: string): string {
  const schema = JSON.parse(schemaText) as { properties: Record<string, unknown> };
  schema.properties.chart ??= {
    type: 'object',
    additionalProperties: false,
    properties: { revision: { type: 'string', pattern: '^[0-9a-f]{40}$' } },
  };
  return `${JSON.stringify(schema, null, 2)}\n`;
}

/**
 * A repository shaped like this one's deploy/ and argocd/ folders, in two commits: first each app's
 * chart (a copy of the real api chart's Chart.yaml, values.yaml and values.schema.json) and the real
 * ApplicationSet files, then each environment's values file (the real api file, comments and all)
 * with the app's own image repository, the given tag and chart.revision = that first commit.
 */
export function createDeployRepository(directory: string, apps: readonly string[], initialTag = tag(1)): string {
  mkdirSync(directory, { recursive: true });
  git(directory, 'init', '--quiet', '--initial-branch=main');
  for (const app of apps) {
    for (const file of ['Chart.yaml', 'values.yaml', 'values.schema.json']) {
      const text = readFileSync(join(workspaceRoot, 'deploy', 'charts', 'api', file), 'utf8');
      writeFile(
        directory,
        `deploy/charts/${app}/${file}`,
        file.endsWith('.json') ? schemaWithChartRevision(text) : text,
      );
    }
  }
  for (const cluster of ['dev', 'prod']) {
    const path = `argocd/clusters/${cluster}/applicationset.yaml`;
    writeFile(directory, path, readFileSync(join(workspaceRoot, path), 'utf8'));
  }
  writeFile(directory, 'README.md', '# test repository\n');
  git(directory, 'add', '-A');
  git(directory, 'commit', '--quiet', '-m', 'charts');
  const chartRevision = git(directory, 'rev-parse', 'HEAD').trim();
  for (const app of apps) {
    for (const environment of environments) {
      const real = readFileSync(join(workspaceRoot, 'deploy', 'values', environment, 'api.yaml'), 'utf8');
      writeFile(
        directory,
        valuesPath(environment, app),
        withChartRevision(
          real
            .replace(/(repository: \S+\/)api$/m, `$1${app}`)
            .replace(/^(\s+tag: )'[0-9a-f]{40}'$/m, `$1'${initialTag}'`),
          chartRevision,
        ),
      );
    }
  }
  git(directory, 'add', '-A');
  git(directory, 'commit', '--quiet', '-m', 'initial');
  return directory;
}

/** The chart revision createDeployRepository recorded (its first commit). */
export const initialChartRevision = (repository: string) =>
  git(repository, 'rev-list', '--max-parents=0', 'HEAD').trim();

/** The index of the first line starting with `prefix` (e.g. the tag line `  tag:`). */
export const lineIndex = (text: string, prefix: string) =>
  text.split('\n').findIndex((line) => line.startsWith(prefix));

/** A bare repository as the remote, with `seed`'s main pushed to it; `seed` gets it as origin. */
export function createRemote(directory: string, seed: string): string {
  git(dirname(directory), 'init', '--quiet', '--bare', '--initial-branch=main', directory);
  git(seed, 'remote', 'add', 'origin', directory);
  git(seed, 'push', '--quiet', '--set-upstream', 'origin', 'main');
  return directory;
}

export function clone(remote: string, directory: string): string {
  git(dirname(directory), 'clone', '--quiet', remote, directory);
  return directory;
}

/** Lines that differ between two texts of the same length in lines (an edit must change one line only). */
export function changedLines(before: string, after: string): { index: number; before: string; after: string }[] {
  const a = before.split('\n');
  const b = after.split('\n');
  if (a.length !== b.length) throw new Error(`line count changed: ${a.length} → ${b.length}`);
  return a.flatMap((line, index) => (line === b[index] ? [] : [{ index, before: line, after: b[index]! }]));
}
