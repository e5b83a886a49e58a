import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTerraform, terraformEnv, terraformOnPath, writeCliConfig } from './support/terraform-cli.js';
import { terraformRoot } from './support/terraform-sources.js';

if (!terraformOnPath) {
  console.warn(
    'SKIPPED: terraform is not on PATH, so `terraform fmt -check` did not run. Install Terraform >= 1.10 to run it.',
  );
}

describe('terraform fmt', () => {
  it.skipIf(!terraformOnPath)('finds every .tf, .tfvars and .tftest.hcl file formatted', async () => {
    // fmt needs neither providers nor network; a real (empty) CLI config keeps it quiet and offline.
    const dir = mkdtempSync(join(tmpdir(), 'terraform-cli-'));
    try {
      const { ok, output } = await runTerraform(
        terraformRoot,
        ['fmt', '-check', '-recursive', '-diff'],
        terraformEnv(writeCliConfig(dir)),
      );
      expect(ok, `terraform fmt -check found unformatted files:\n${output}`).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
