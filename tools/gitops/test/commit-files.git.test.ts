// commitWithoutChanges against a real repository: what Nx is given as head when Markdown is ignored.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commitWithoutChanges } from '../src/git/commit-files.ts';
import { Git } from '../src/git/git.ts';
import { git, testEnvironment, writeFile } from './support/git-fixture.ts';
import { temporaryDirectory } from './support/temporary-directory.ts';

const repository = temporaryDirectory('commit-files');
const commitAll = (message: string) => {
  git(repository, 'add', '-A');
  git(repository, 'commit', '--quiet', '-m', message);
  return git(repository, 'rev-parse', 'HEAD').trim();
};
const files = (commit: string) => git(repository, 'ls-tree', '-r', '--name-only', commit).trim().split('\n');
const show = (commit: string, path: string) => git(repository, 'show', `${commit}:${path}`);

describe('commitWithoutChanges', () => {
  it("gives head's tree with the matching files as base had them: edits undone, new files gone, deleted ones back", async () => {
    git(repository, 'init', '--quiet', '--initial-branch=main');
    for (const path of ['README.md', 'docs/old.md', 'src/app.ts']) writeFile(repository, path, `${path} at base\n`);
    const base = commitAll('base');
    for (const path of ['README.md', 'docs/new.md', 'src/app.ts']) writeFile(repository, path, `${path} at head\n`);
    rmSync(join(repository, 'docs/old.md'));
    const head = commitAll('head');

    const withoutMarkdown = await commitWithoutChanges(new Git(repository, testEnvironment()), base, head, '*.md');

    expect(files(withoutMarkdown)).toEqual(['README.md', 'docs/old.md', 'src/app.ts']);
    expect(show(withoutMarkdown, 'README.md')).toBe('README.md at base\n');
    expect(show(withoutMarkdown, 'src/app.ts')).toBe('src/app.ts at head\n');
    expect(git(repository, 'rev-parse', `${withoutMarkdown}^`).trim()).toBe(head);
    expect(git(repository, 'status', '--porcelain')).toBe('');
    expect(await commitWithoutChanges(new Git(repository, testEnvironment()), base, head, '*.yaml')).toBe(head);
  });
});
