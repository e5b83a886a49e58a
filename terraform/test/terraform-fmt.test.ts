import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { terraformRoot } from './support/terraform-sources.js';

const terraformOnPath = spawnSync('terraform', ['version'], { encoding: 'utf8' }).status === 0;
if (!terraformOnPath) {
  console.warn(
    'SKIPPED: terraform is not on PATH, so `terraform fmt -check` did not run. Install Terraform >= 1.10 to run it.',
  );
}

describe('terraform fmt', () => {
  it.skipIf(!terraformOnPath)('finds every .tf and .tfvars file formatted', () => {
    // fmt needs neither providers nor network; a real (empty) CLI config keeps it quiet and offline.
    const config = join(mkdtempSync(join(tmpdir(), 'terraform-cli-')), 'terraformrc');
    writeFileSync(config, '');
    const result = spawnSync('terraform', ['fmt', '-check', '-recursive', '-diff', terraformRoot], {
      encoding: 'utf8',
      env: { ...process.env, CHECKPOINT_DISABLE: '1', TF_CLI_CONFIG_FILE: config },
    });
    expect(result.status, `terraform fmt -check found unformatted files:\n${result.stdout}${result.stderr}`).toBe(0);
  });
});
