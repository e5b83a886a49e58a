import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTerraformSources } from '../checks/hcl-tree.js';
import { terraformBreakages } from './support/breakages.js';
import { adaptToMirror, writeCopy } from './support/mirror-copy.js';
import {
  findAwsMirror,
  pool,
  runTerraform,
  startSharedProvider,
  terraformEnv,
  terraformOnPath,
  writeCliConfig,
  type ProviderMirror,
  type SharedProvider,
  type TerraformRun,
} from './support/terraform-cli.js';
import { planRuns, type PlannedRun } from './support/terraform-runs.js';
import { applyEdits, terraformRoot, type Edit } from './support/terraform-sources.js';

const sources = await readTerraformSources(
  terraformRoot,
  (name) => name.endsWith('.tf') || name.endsWith('.tftest.hcl'),
);

if (!terraformOnPath) {
  console.warn(
    'SKIPPED: terraform is not on PATH, so `terraform fmt -check` did not run. Install Terraform >= 1.10 to run it.',
  );
}
const mirror = findAwsMirror();
const skipped = !terraformOnPath
  ? 'terraform is not on PATH'
  : typeof mirror === 'string'
    ? `no provider mirror: ${mirror}`
    : undefined;
if (skipped) console.warn(`SKIPPED: terraform validate and terraform test did not run: ${skipped}.`);

const adapted = (edits: readonly Edit[] = []) =>
  adaptToMirror(applyEdits(sources, edits), terraformRoot, mirror as ProviderMirror);
const copy = skipped ? undefined : adapted();
// Skipped, the plan only names the tests that did not run.
const { runs, checkedBy } = planRuns(copy?.files ?? sources);
const runIn = (dir: string): PlannedRun => {
  const run = runs.find((candidate) => candidate.dir === dir);
  if (!run) throw new Error(`no Terraform run in ${dir}: ${runs.map((candidate) => candidate.dir).join(', ')}`);
  return run;
};

// At most two Terraform commands at once, fmt included: two shared cores.
const slot = pool(2);
let workspace: string | undefined;
let cliConfig: string;
beforeAll(() => {
  if (!terraformOnPath) return;
  workspace = mkdtempSync(join(tmpdir(), 'terraform-cli-'));
  cliConfig = writeCliConfig(workspace, typeof mirror === 'string' ? undefined : mirror);
});
afterAll(() => {
  if (workspace) rmSync(workspace, { recursive: true, force: true });
});

/** What the suite reports of a failed run: the directory Terraform ran in, then Terraform's output. */
const report = (run: PlannedRun, result: TerraformRun) =>
  `terraform ${run.command} failed in terraform/${run.dir}:\n${result.output}`;

describe('terraform fmt', () => {
  it.skipIf(!terraformOnPath)('finds every .tf, .tfvars and .tftest.hcl file formatted', async () => {
    // fmt needs no provider; the CLI config keeps it quiet and offline.
    const { ok, output } = await slot(() =>
      runTerraform(terraformRoot, ['fmt', '-check', '-recursive', '-diff'], terraformEnv(cliConfig)),
    );
    expect(ok, `terraform fmt -check found unformatted files:\n${output}`).toBe(true);
  });
});

describe.skipIf(skipped)('Terraform itself, on a copy adapted to the provider mirror', () => {
  let provider: SharedProvider | undefined;
  let env: NodeJS.ProcessEnv;
  let clean: string;
  beforeAll(async () => {
    if (!copy || !workspace || typeof mirror === 'string') throw new Error('no copy to run Terraform on');
    clean = writeCopy(copy.files, join(workspace, 'copy'));
    provider = await startSharedProvider(mirror);
    env = terraformEnv(cliConfig, provider.env);
    const lines = [...checkedBy].map(([dir, by]) => {
      const changes = [...new Set(copy.adaptations.get(dir))];
      const how = changes.length > 0 ? `adapted to the mirror: ${changes.join('; ')}` : 'copied as it is';
      return `${dir}: ${how}. Checked by ${by.join(', ') || 'nothing'}.`;
    });
    console.log(
      `Terraform: ${runs.length} commands check ${checkedBy.size} directories (and ${terraformBreakages.length} the planted breakages), with hashicorp/aws ${mirror.awsVersion}:\n${lines.join('\n')}`,
    );
  }, 60_000);
  afterAll(async () => {
    await provider?.stop();
  });

  /** `terraform init -backend=false`, then the run's command, in its directory of the copy at `root`. */
  const verdict = (root: string, run: PlannedRun) =>
    slot(async (): Promise<TerraformRun> => {
      const init = await runTerraform(join(root, run.dir), ['init', '-backend=false'], env);
      if (!init.ok) return { ...init, output: `terraform init failed:\n${init.output}` };
      return runTerraform(join(root, run.dir), [run.command], env);
    });

  it('checks every directory: with a run of its own or through a root that calls it', () => {
    const unchecked = [...checkedBy].filter(([, by]) => by.length === 0).map(([dir]) => dir);
    expect(unchecked, 'directories no Terraform run reaches').toEqual([]);
  });

  it.concurrent.each(runs.map((run) => [run.command, run.dir, run] as const))(
    '%ss %s',
    { timeout: 180_000 },
    async (_command, _dir, run) => {
      const result = await verdict(clean, run);
      expect(result.ok, report(run, result)).toBe(true);
    },
  );

  // Terraform is the tool under test in a planted breakage: one per command proves the suite reports
  // its failure, with the directory and Terraform's message (support/breakages.ts).
  it.concurrent.each(
    terraformBreakages.map(([name, edits, { dir, message }], index) => [name, index, edits, dir, message] as const),
  )('reports the failure of %s (breakage %i)', { timeout: 180_000 }, async (name, index, edits, dir, message) => {
    const run = runIn(dir);
    const broken = writeCopy(adapted(edits).files, join(workspace!, `broken-${index}`));
    const result = await verdict(broken, run);
    expect(result.ok, `terraform ${run.command} passed in terraform/${dir} despite ${name}`).toBe(false);
    expect(report(run, result)).toContain(`failed in terraform/${dir}:`);
    expect(report(run, result), 'Terraform did not say why').toContain(message);
  });
});
