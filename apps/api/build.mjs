// Bundles the production entry point (src/main.ts) and everything it imports into one ES module,
// dist/apps/api/main.mjs, which runs with plain `node` outside the workspace: the image needs no
// node_modules. The build fails if a dev-only package (the emulators) reached the bundle.
import { build } from 'esbuild';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const projectDir = dirname(fileURLToPath(import.meta.url));
const workspaceRoot = join(projectDir, '..', '..');
const outdir = join(workspaceRoot, 'dist', 'apps', 'api');

const result = await build({
  entryPoints: [join(projectDir, 'src', 'main.ts')],
  outfile: join(outdir, 'main.mjs'),
  bundle: true,
  platform: 'node',
  target: 'node24',
  format: 'esm',
  conditions: ['@platform/source'],
  sourcemap: 'linked',
  minifySyntax: true,
  metafile: true,
  legalComments: 'linked',
  logLevel: 'warning',
  // Some dependencies are CommonJS and call require(); give the ES module bundle one.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
});

const devOnly = Object.keys(result.metafile.inputs).filter((input) => input.includes('packages/local-aws/'));
if (devOnly.length > 0) {
  console.error(
    `The production bundle must not contain the dev-only emulators, but it includes:\n  ${devOnly.join('\n  ')}`,
  );
  process.exit(1);
}
await mkdir(outdir, { recursive: true });
await writeFile(join(outdir, 'package.json'), JSON.stringify({ type: 'module', private: true }, null, 2) + '\n');
const bytes = result.metafile.outputs[relative(process.cwd(), join(outdir, 'main.mjs'))]?.bytes;
console.log(
  `Built ${relative(workspaceRoot, join(outdir, 'main.mjs'))}${bytes ? ` (${(bytes / 1024).toFixed(0)} KiB)` : ''}`,
);
