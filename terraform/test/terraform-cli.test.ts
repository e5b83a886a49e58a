import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTerraformSources } from '../checks/hcl-tree.js';
import { writeMirrorCopy } from './support/mirror-copy.js';
import {
  findAwsMirror,
  pool,
  runTerraform,
  terraformEnv,
  terraformOnPath,
  writeCliConfig,
} from './support/terraform-cli.js';
import { terraformBreakages } from './support/breakages.js';
import { applyEdits, terraformRoot, type Edit } from './support/terraform-sources.js';

const sources = await readTerraformSources(
  terraformRoot,
  (name) => name.endsWith('.tf') || name.endsWith('.tftest.hcl'),
);
const dirs = [...new Set([...sources.keys()].filter((path) => path.endsWith('.tf')).map(posix.dirname))].sort();
const tested = new Set(
  [...sources.keys()].filter((path) => path.endsWith('.tftest.hcl')).map((path) => posix.dirname(posix.dirname(path))),
);

const mirror = findAwsMirror();
const skipped = !terraformOnPath
  ? 'terraform is not on PATH'
  : typeof mirror === 'string'
    ? `no provider mirror: ${mirror}`
    : undefined;
if (skipped) console.warn(`SKIPPED: terraform validate and terraform test did not run: ${skipped}.`);

/** Terraform's verdict on `dir` of a copy: validate, or test (which validates first) where the module has tests. */
const command = (dir: string) => (tested.has(dir) ? 'test' : 'validate');

/**
 * The planted breakages, as few copies as possible: cases of one module's terraform test share a copy
 * while their edits still apply and their messages differ (every assertion is evaluated, and each
 * message proves its own case). A validate error can hide the next one, so those run alone.
 */
const breakageGroups: { dir: string; edits: Edit[]; cases: [string, string][] }[] = [];
for (const [name, edits, { dir, message }] of terraformBreakages) {
  const group = breakageGroups.find((candidate) => {
    if (candidate.dir !== dir || command(dir) !== 'test' || candidate.cases.some(([, other]) => other === message))
      return false;
    try {
      applyEdits(sources, [...candidate.edits, ...edits]);
      return true;
    } catch {
      return false;
    }
  });
  if (group) {
    group.edits.push(...edits);
    group.cases.push([name, message]);
  } else {
    breakageGroups.push({ dir, edits: [...edits], cases: [[name, message]] });
  }
}

let workspace: string;
let env: NodeJS.ProcessEnv;
beforeAll(() => {
  if (typeof mirror === 'string') return;
  workspace = mkdtempSync(join(tmpdir(), 'terraform-validate-'));
  env = terraformEnv(writeCliConfig(workspace, mirror));
});
afterAll(() => {
  if (workspace) rmSync(workspace, { recursive: true, force: true });
});

// Two shared cores: init is mostly I/O, validate and test mostly the provider's start-up.
const slot = pool(2);

/** Copies the (edited) sources, adapted to the mirror, then runs init and `command` in `dir`. */
async function verdict(name: string, dir: string, edits: readonly Edit[] = []) {
  if (typeof mirror === 'string') throw new Error(mirror);
  const copy = writeMirrorCopy(applyEdits(sources, edits), terraformRoot, join(workspace, name), mirror);
  const adapted = [...new Set(copy.adaptations.get(dir))];
  if (edits.length === 0) {
    console.log(`${dir}: ${adapted.length > 0 ? `adapted to the mirror: ${adapted.join('; ')}` : 'copied as it is'}`);
  }
  return slot(async () => {
    const init = await runTerraform(join(copy.root, dir), ['init', '-backend=false'], env);
    if (!init.ok) return { ...init, output: `terraform init failed:\n${init.output}` };
    return runTerraform(join(copy.root, dir), [command(dir)], env);
  });
}

describe.skipIf(skipped)('Terraform itself, on a copy adapted to the provider mirror', () => {
  it.concurrent.each(dirs.map((dir) => [tested.has(dir) ? 'validates and tests' : 'validates', dir]))(
    '%s %s',
    { timeout: 180_000 },
    async (_what, dir) => {
      const { ok, output } = await verdict(dir.replaceAll('/', '-'), dir);
      expect(ok, `terraform ${command(dir)} failed in terraform/${dir}:\n${output}`).toBe(true);
    },
  );

  it.concurrent.each(breakageGroups.map((group, index) => [group.dir, index, group] as const))(
    'fails in %s on the planted breakages (group %i)',
    { timeout: 180_000 },
    async (dir, index, { edits, cases }) => {
      const { ok, output } = await verdict(`broken-${index}`, dir, edits);
      expect(
        ok,
        `terraform ${command(dir)} passed in terraform/${dir} despite: ${cases.map(([name]) => name).join('; ')}`,
      ).toBe(false);
      for (const [name, message] of cases) expect(output, `${name}: not reported`).toContain(message);
    },
  );
});
