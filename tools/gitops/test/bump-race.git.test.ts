// Concurrent `bump --push` runs against one remote (a temporary bare repository), each from its own
// clone as CI jobs would be, while other pushes land too: nothing may be lost or overwritten. The runs
// share this process; they race through real git fetches and pushes.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { environments } from '../src/environments.ts';
import {
  changedLines,
  clone,
  createDeployRepository,
  createRemote,
  git,
  lineIndex,
  readValues,
  tag,
  testEnvironment,
  valuesPath,
  writeFile,
} from './support/git-fixture.ts';
import { runGitops } from './support/run-gitops.ts';
import { temporaryDirectory } from './support/temporary-directory.ts';

const run = promisify(execFile);
const apps = ['api', 'billing', 'search', 'sweeper'];
const pairs = apps.flatMap((app) => environments.map((environment) => ({ app, environment })));

/** Another writer: commits a file of its own and pushes, pulling with rebase when it loses a race. */
async function unrelatedPusher(directory: string, name: string, commits: number): Promise<void> {
  const options = { cwd: directory, env: testEnvironment() };
  for (let i = 0; i < commits; i += 1) {
    writeFile(directory, `docs/${name}-${i}.md`, `${name} ${i}\n`);
    await run('git', ['add', '-A'], options);
    await run('git', ['commit', '--quiet', '-m', `docs: ${name} ${i}`], options);
    for (let attempt = 0; ; attempt += 1) {
      try {
        await run('git', ['push', '--quiet', 'origin', 'HEAD:main'], options);
        break;
      } catch (error) {
        // Rejected only when another push landed since the last pull, and there are 15 others: generous.
        if (attempt > 30) throw error;
        await run('git', ['pull', '--quiet', '--rebase', 'origin', 'main'], options);
      }
    }
  }
}

/**
 * Runs bumps whose pause before a retry is what a perfect backoff would make it: a rejected bump waits
 * for the retry before it to end, so retries do not collide with each other again (first attempts and
 * the other writers still race with everything). The order comes from the runs themselves, no timer.
 */
function bumpsRetryingInTurn() {
  let last = Promise.resolve();
  return (args: string[], cwd: string) => {
    let release: (() => void) | undefined;
    const sleep = async () => {
      release?.();
      const previous = last;
      last = new Promise((resolve) => (release = resolve));
      await previous;
    };
    return runGitops(args, { cwd, sleep }).finally(() => release?.());
  };
}

describe('concurrent bump --push', () => {
  it(`lands all ${pairs.length} bumps for different apps and environments, and every other change`, async () => {
    const root = temporaryDirectory('race');
    const seed = createDeployRepository(join(root, 'seed'), apps);
    const remote = createRemote(join(root, 'remote.git'), seed);
    const originals = new Map(pairs.map((p) => [`${p.environment}/${p.app}`, readValues(seed, p.environment, p.app)]));
    const clones = pairs.map((_, i) => clone(remote, join(root, `job-${i}`)));

    // After the jobs checked out, someone edits a values file they will bump: their checkouts are stale.
    const editor = clone(remote, join(root, 'editor'));
    const edited = readValues(editor, 'prod', 'api').replace('maxReplicas: 12', 'maxReplicas: 14 # more headroom');
    writeFile(editor, valuesPath('prod', 'api'), edited);
    git(editor, 'commit', '--quiet', '-am', 'prod api: more headroom');
    git(editor, 'push', '--quiet');
    originals.set('prod/api', edited);

    const newTag = (i: number) => tag(0x100 + i);
    const bump = bumpsRetryingInTurn();
    const results = await Promise.all([
      ...pairs.map((pair, i) =>
        // Retries take turns, so a retry loses only to another bump's first attempt or to one of the
        // other writers' 6 pushes: 30 attempts is a generous bound, not luck.
        bump(
          ['bump', '--env', pair.environment, '--app', pair.app, '--tag', newTag(i), '--push', '--attempts', '30'],
          clones[i]!,
        ),
      ),
      unrelatedPusher(clone(remote, join(root, 'writer-a')), 'writer-a', 3),
      unrelatedPusher(clone(remote, join(root, 'writer-b')), 'writer-b', 3),
    ]);

    for (const result of results.slice(0, pairs.length)) {
      expect(result!.exitCode, `${result!.stdout}\n${result!.stderr}`).toBe(0);
    }
    const final = clone(remote, join(root, 'final'));
    const log = git(final, 'log', '--format=%B%x00');
    pairs.forEach((pair, i) => {
      // Every bump is a commit in the remote's history…
      expect(log).toContain(`Gitops-Change: bump ${pair.environment}/${pair.app} ${tag(1)} ${newTag(i)} `);
      // …and every values file holds its new tag, with every other byte as it was (the edit included).
      const key = `${pair.environment}/${pair.app}`;
      const original = originals.get(key)!;
      expect(changedLines(original, readValues(final, pair.environment, pair.app))).toEqual([
        { index: lineIndex(original, '  tag:'), before: `  tag: '${tag(1)}'`, after: `  tag: '${newTag(i)}'` },
      ]);
    });
    for (const writer of ['writer-a', 'writer-b']) {
      for (let i = 0; i < 3; i += 1) {
        expect(readFileSync(join(final, `docs/${writer}-${i}.md`), 'utf8')).toBe(`${writer} ${i}\n`);
      }
    }
    // History was only appended to: the seed and the editor's commit are ancestors of the final head.
    expect(() =>
      git(final, 'merge-base', '--is-ancestor', git(editor, 'rev-parse', 'HEAD').trim(), 'HEAD'),
    ).not.toThrow();
    // The fixture's two commits, the editor's, one per bump, the writers' six.
    expect(git(final, 'rev-list', '--count', 'HEAD').trim()).toBe(String(2 + 1 + pairs.length + 6));
  });
});
