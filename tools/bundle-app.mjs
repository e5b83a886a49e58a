// Bundles an app's production entry point (apps/<app>/src/main.ts) and everything it imports into
// one ES module, dist/apps/<app>/main.mjs, which runs with plain `node` outside the workspace: the
// image needs no node_modules. The build fails if dev-only code (anything under tools/) reached it.
//
//   node tools/bundle-app.mjs <app>
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleForNode, finishBundle } from './node-bundle.mjs';

const workspaceRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const app = process.argv[2];
if (!app || !existsSync(join(workspaceRoot, 'apps', app, 'src', 'main.ts'))) {
  console.error(`usage: node tools/bundle-app.mjs <app> — apps/<app>/src/main.ts must exist (got ${app})`);
  process.exit(2);
}
const projectDir = join(workspaceRoot, 'apps', app);
const outdir = join(workspaceRoot, 'dist', 'apps', app);

const outfile = join(outdir, 'main.mjs');
const result = await bundleForNode(join(projectDir, 'src', 'main.ts'), outfile, { sourcemap: 'linked' });

// Everything under tools/ (the emulators, the checks, the delivery CLI) is dev-only.
const devOnly = Object.keys(result.metafile.inputs).filter((input) => input.startsWith('tools/'));
if (devOnly.length > 0) {
  console.error(
    `The production bundle must not contain dev-only code from tools/, but it includes:\n  ${devOnly.join('\n  ')}`,
  );
  process.exit(1);
}
await finishBundle(result, outfile, workspaceRoot);
