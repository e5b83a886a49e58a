/**
 * Regenerates the inputs/outputs tables of every module's and root's README.md from its
 * variables.tf and outputs.tf. Run from the repository root:
 *   pnpm exec tsx terraform/tools/generate-docs.ts
 * A test (terraform/test/readme-docs.test.ts) fails when a README is out of date.
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseTerraformTree, readTerraformSources } from '../checks/hcl-tree.js';
import { renderDocs, withDocs } from '../checks/readme-docs.js';

const root = join(import.meta.dirname, '..');
const tree = await parseTerraformTree(await readTerraformSources(root));
for (const dir of tree.dirs.values()) {
  const path = join(root, dir.path, 'README.md');
  const before = existsSync(path) ? await readFile(path, 'utf8') : `# ${dir.path}\n`;
  const after = withDocs(before, renderDocs(dir));
  if (after !== before) {
    await writeFile(path, after);
    console.log(`updated terraform/${dir.path}/README.md`);
  }
}
