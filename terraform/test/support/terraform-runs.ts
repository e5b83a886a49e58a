import { posix } from 'node:path';

/** One Terraform command the suite runs, in a directory of the copy, and why that directory gets it. */
export interface PlannedRun {
  dir: string;
  command: 'validate' | 'test';
  why: string;
}

export interface RunPlan {
  runs: PlannedRun[];
  /** Every directory of ours (not the stubs), with the runs that check it: its own, or a caller's. */
  checkedBy: Map<string, string[]>;
}

const moduleBlock = /^module "[^"]+" \{\n[\s\S]*?\n\}/gm;
const localSource = /^\s*source\s*=\s*"(\.\.?\/[^"]*)"/m;

/**
 * As few runs as check every directory of `files` (the copy Terraform sees): `terraform validate` of a
 * root validates every module it calls, recursively, and `terraform test` validates its module before
 * its run blocks. So a directory with tests gets `terraform test`, a directory no other one calls gets
 * `terraform validate`, and every other directory is validated through its callers.
 */
export function planRuns(files: ReadonlyMap<string, string>): RunPlan {
  const paths = [...files.keys()];
  const dirs = [...new Set(paths.filter((path) => path.endsWith('.tf')).map(posix.dirname))].sort();
  const calls = new Map<string, Set<string>>(dirs.map((dir) => [dir, new Set()]));
  for (const [path, text] of files) {
    if (!path.endsWith('.tf')) continue;
    for (const [block] of text.matchAll(moduleBlock)) {
      const source = localSource.exec(block)?.[1];
      if (source) calls.get(posix.dirname(path))?.add(posix.normalize(posix.join(posix.dirname(path), source)));
    }
  }
  const called = new Set([...calls.values()].flatMap((callees) => [...callees]));
  const tested = new Set(
    paths
      .filter((path) => path.endsWith('.tftest.hcl'))
      .map((path) => posix.dirname(path).replace(/(^|\/)tests$/, '') || '.'),
  );
  const ours = dirs.filter((dir) => !dir.startsWith('test/'));

  const runs: PlannedRun[] = ours.flatMap((dir): PlannedRun[] => {
    if (tested.has(dir))
      return [{ dir, command: 'test', why: 'has tests/*.tftest.hcl (terraform test validates first)' }];
    if (!called.has(dir)) return [{ dir, command: 'validate', why: 'no directory of the copy calls it' }];
    return [];
  });

  const reaches = (from: string, seen = new Set<string>()): Set<string> => {
    if (seen.has(from)) return seen;
    seen.add(from);
    for (const callee of calls.get(from) ?? []) reaches(callee, seen);
    return seen;
  };
  const checkedBy = new Map<string, string[]>(ours.map((dir) => [dir, []]));
  for (const run of runs) {
    for (const dir of reaches(run.dir)) checkedBy.get(dir)?.push(`terraform ${run.command} in ${run.dir}`);
  }
  return { runs, checkedBy };
}
