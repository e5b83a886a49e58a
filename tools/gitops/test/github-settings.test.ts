// The GitHub settings .github/README.md documents, kept as importable rulesets in .github/rulesets/:
// the branch ruleset on main, and the push ruleset that keeps the deployer App's pushes inside
// deploy/values/. Push rulesets can only block paths (no "everything except"), so the second one is
// a list of everything else: it must cover every file of the repository outside deploy/values/.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { fnmatchPathname } from './support/fnmatch.ts';
import { workspaceRoot } from './support/paths.ts';

interface Ruleset {
  name: string;
  target: 'branch' | 'push' | 'tag';
  enforcement: string;
  conditions?: { ref_name: { include: string[]; exclude: string[] } };
  rules: { type: string; parameters?: Record<string, unknown> }[];
  bypass_actors: { actor_type: string; actor_id: number; bypass_mode: string }[];
}

const ruleset = (file: string) =>
  JSON.parse(readFileSync(join(workspaceRoot, '.github', 'rulesets', file), 'utf8')) as Ruleset;
const rule = (r: Ruleset, type: string) => r.rules.find((candidate) => candidate.type === type);

describe('fnmatchPathname (GitHub ruleset patterns)', () => {
  it.each([
    ['*', 'README.md', true],
    ['*', 'apps/x.ts', false],
    ['*', '.nvmrc', false],
    ['.*', '.nvmrc', true],
    ['.*/**/*', '.github/workflows/ci.yml', true],
    ['.*/**/*', '.ci/run', true],
    ['apps/**/*', 'apps/api/src/main.ts', true],
    ['apps/**/*', 'apps/Dockerfile', true],
    ['apps/**/*', 'apps/api/.dockerignore', false],
    ['apps/**/.*', 'apps/api/.dockerignore', true],
    ['deploy/*', 'deploy/values/dev/api.yaml', false],
  ])('%s matches %s: %s', (pattern, path, matches) => {
    expect(fnmatchPathname(pattern).test(path)).toBe(matches);
  });
});

describe('.github/rulesets/deployer-paths.json (push ruleset)', () => {
  const push = ruleset('deployer-paths.json');
  const patterns = (rule(push, 'file_path_restriction')?.parameters?.restricted_file_paths ?? []) as string[];
  const blocked = (path: string) => patterns.some((pattern) => fnmatchPathname(pattern).test(path));
  const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: workspaceRoot, encoding: 'utf8' })
    .split('\0')
    .filter(Boolean);

  it('is an active push ruleset with only a file path restriction, bypassed by people’s roles only', () => {
    expect(push).toMatchObject({ target: 'push', enforcement: 'active' });
    expect(push.rules.map((r) => r.type)).toEqual(['file_path_restriction']);
    expect(push.bypass_actors.every((actor) => actor.actor_type === 'RepositoryRole')).toBe(true);
  });

  it('blocks every file of the repository outside deploy/values/', () => {
    const uncovered = tracked.filter((path) => !path.startsWith('deploy/values/') && !blocked(path));
    expect(uncovered, 'add a pattern to .github/rulesets/deployer-paths.json and the README').toEqual([]);
  });

  it('blocks nothing under deploy/values/, now or for a new app or environment', () => {
    const values = [...tracked.filter((path) => path.startsWith('deploy/values/')), 'deploy/values/qa/new-app.yaml'];
    expect(values.filter(blocked)).toEqual([]);
  });

  it('blocks new files elsewhere: workflows, a new app, root files', () => {
    for (const path of [
      '.github/workflows/evil.yml',
      'apps/new/src/main.ts',
      'package.json',
      'deploy/charts/api/values.yaml',
    ]) {
      expect(blocked(path), path).toBe(true);
    }
  });
});

describe('.github/rulesets/main.json (branch ruleset)', () => {
  const main = ruleset('main.json');

  it('protects the default branch: no deletion, no force push, pull requests with a review', () => {
    expect(main).toMatchObject({ target: 'branch', enforcement: 'active' });
    expect(main.conditions?.ref_name.include).toEqual(['~DEFAULT_BRANCH']);
    expect(rule(main, 'deletion')).toBeDefined();
    expect(rule(main, 'non_fast_forward')).toBeDefined();
    expect(rule(main, 'pull_request')?.parameters?.required_approving_review_count).toBeGreaterThanOrEqual(1);
  });

  const jobNames = (file: string) =>
    (
      parse(readFileSync(join(workspaceRoot, '.github', 'workflows', file), 'utf8')) as {
        jobs: Record<string, { name: string }>;
      }
    ).jobs;

  it('requires, by job name from GitHub Actions, ci.yml’s check and the merge-time promotion check', () => {
    const checks = rule(main, 'required_status_checks')?.parameters?.required_status_checks;
    expect(checks).toEqual([
      { context: jobNames('ci.yml').affected!.name, integration_id: 15368 },
      { context: jobNames('promotion-check.yml').verify!.name, integration_id: 15368 },
    ]);
  });

  it('merges through a merge queue, one pull request at a time, so the required checks run again at merge time', () => {
    expect(rule(main, 'merge_queue')?.parameters).toEqual({
      merge_method: 'SQUASH',
      max_entries_to_build: 5,
      min_entries_to_merge: 1,
      max_entries_to_merge: 1,
      min_entries_to_merge_wait_minutes: 0,
      grouping_strategy: 'ALLGREEN',
      check_response_timeout_minutes: 60,
    });
  });

  it('lets only one GitHub App (the deployer) bypass it', () => {
    expect(main.bypass_actors).toHaveLength(1);
    expect(main.bypass_actors[0]).toMatchObject({ actor_type: 'Integration', bypass_mode: 'always' });
  });
});
