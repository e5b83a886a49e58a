// Bundles an app's production entry point (apps/<app>/src/main.ts) and everything it imports into
// one ES module, dist/apps/<app>/main.mjs, which runs with plain `node` outside the workspace: the
// image needs no node_modules. The build fails if dev-only code (anything under tools/) reached it.
//
//   node tools/bundle-app.mjs <app>
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const workspaceRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const app = process.argv[2];
if (!app || !existsSync(join(workspaceRoot, 'apps', app, 'src', 'main.ts'))) {
  console.error(`usage: node tools/bundle-app.mjs <app> — apps/<app>/src/main.ts must exist (got ${app})`);
  process.exit(2);
}
const projectDir = join(workspaceRoot, 'apps', app);
const outdir = join(workspaceRoot, 'dist', 'apps', app);

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

// Everything under tools/ (the emulators, the checks, the delivery CLI) is dev-only.
const devOnly = Object.keys(result.metafile.inputs).filter((input) => input.startsWith('tools/'));
if (devOnly.length > 0) {
  console.error(
    `The production bundle must not contain dev-only code from tools/, but it includes:\n  ${devOnly.join('\n  ')}`,
  );
  process.exit(1);
}
await mkdir(outdir, { recursive: true });
await writeFile(join(outdir, 'package.json'), JSON.stringify({ type: 'module', private: true }, null, 2) + '\n');
const bytes = result.metafile.outputs[relative(process.cwd(), join(outdir, 'main.mjs'))]?.bytes;
console.log(
  `Built ${relative(workspaceRoot, join(outdir, 'main.mjs'))}${bytes ? ` (${(bytes / 1024).toFixed(0)} KiB)` : ''}`,
);
