// Bundles the gitops CLI (src/cli.ts) and everything it imports into one ES module,
// dist/tools/gitops/gitops.mjs, that runs with plain `node` (24) and no node_modules: the workflow
// jobs that push with the deployer App's token run it without `pnpm install`, so no dependency's
// install script ever runs where that token is. Nx is left out (affected-apps needs the workspace).
//
//   node tools/bundle-gitops.mjs      (or: pnpm nx run gitops:build)
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleForNode, finishBundle } from './node-bundle.mjs';

const workspaceRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const packageRoot = join(workspaceRoot, 'tools', 'gitops');
const outfile = join(workspaceRoot, 'dist', 'tools', 'gitops', 'gitops.mjs');

const result = await bundleForNode(join(packageRoot, 'src', 'cli.ts'), outfile, { external: ['nx', 'nx/*'] });
await finishBundle(result, outfile, workspaceRoot);
