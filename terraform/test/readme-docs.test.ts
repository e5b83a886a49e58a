import { beforeAll, describe, expect, it } from 'vitest';
import type { TerraformTree } from '../checks/hcl-tree.js';
import { renderDocs, withDocs } from '../checks/readme-docs.js';
import { loadTree } from './support/terraform-sources.js';

let tree: TerraformTree;
beforeAll(async () => {
  tree = await loadTree();
});

describe('README inputs and outputs', () => {
  it('are generated from variables.tf and outputs.tf and up to date (pnpm exec tsx terraform/tools/generate-docs.ts)', () => {
    const stale = [...tree.dirs.values()]
      .filter((dir) => {
        const readme = tree.sources.get(`${dir.path}/README.md`) ?? '';
        return withDocs(readme, renderDocs(dir)) !== readme;
      })
      .map((dir) => `terraform/${dir.path}/README.md`);
    expect(stale, 'run `pnpm exec tsx terraform/tools/generate-docs.ts` and commit the READMEs').toEqual([]);
  });

  it('list every variable with its type, default and whether it is required', () => {
    const kms = tree.dirs.get('modules/kms');
    expect(kms && renderDocs(kms)).toContain(
      '| `deletion_window_in_days` | Days a scheduled key deletion waits before the key is gone (7 to 30). | `number` | `30` | no |',
    );
  });
});
