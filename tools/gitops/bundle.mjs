// Bundles the gitops CLI (src/cli.ts) and everything it imports into one ES module,
// dist/tools/gitops/gitops.mjs, that runs with plain `node` (24) and no node_modules: the workflow
// jobs that push with the deployer App's token run it without `pnpm install`, so no dependency's
// install script ever runs where that token is. Nx is left out (affected-apps needs the workspace).
//
//   node tools/gitops/bundle.mjs      (or: pnpm nx run gitops:build)
import { build } from 'esbuild';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageRoot = dirname(fileURLToPath(import.meta.url));
const workspaceRoot = join(packageRoot, '..', '..');
const outdir = join(workspaceRoot, 'dist', 'tools', 'gitops');
const outfile = join(outdir, 'gitops.mjs');

const result = await build({
  entryPoints: [join(packageRoot, 'src', 'cli.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node24',
  format: 'esm',
  conditions: ['@platform/source'],
  external: ['nx', 'nx/*'],
  minifySyntax: true,
  metafile: true,
  legalComments: 'linked',
  logLevel: 'warning',
  // Some dependencies are CommonJS and call require(); give the ES module bundle one.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
});

await mkdir(outdir, { recursive: true });
await writeFile(join(outdir, 'package.json'), JSON.stringify({ type: 'module', private: true }, null, 2) + '\n');
const bytes = result.metafile.outputs[relative(process.cwd(), outfile)]?.bytes;
console.log(`Built ${relative(workspaceRoot, outfile)}${bytes ? ` (${(bytes / 1024).toFixed(0)} KiB)` : ''}`);
