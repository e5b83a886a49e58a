// Bundles an app's production entry point (apps/<app>/src/main.ts) and everything it imports into
// one ES module, dist/apps/<app>/main.mjs, which runs with plain `node` outside the workspace: the
// image needs no node_modules. The build fails if dev-only code (anything under tools/) reached it.
// Files an app reads at run time from an installed package (`runtimeFiles` below) are copied beside
// the bundle, into the same folder the image copies.
//
//   node tools/bundle-app.mjs <app>
import { existsSync } from 'node:fs';
import { cp, mkdir, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
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

/**
 * Per app: files of an installed package its code reads at run time (they cannot be bundled), and
 * the folder beside the bundle they go to. The api serves Swagger UI from swagger-ui-dist
 * (apps/api/src/routes/swagger-ui-assets.ts lists what it reads; the bundle test fails if one is
 * missing here), with the package's licence and the bundled code's licence notices.
 */
const runtimeFiles = {
  api: [
    {
      packageName: 'swagger-ui-dist',
      folder: 'swagger-ui',
      files: [
        'package.json',
        'LICENSE',
        'NOTICE',
        'swagger-ui-bundle.js',
        'swagger-ui-bundle.js.LICENSE.txt',
        'swagger-ui.css',
        'index.css',
        'favicon-32x32.png',
      ],
    },
  ],
};

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

const resolveFromApp = createRequire(join(projectDir, 'package.json'));
for (const { packageName, folder, files } of runtimeFiles[app] ?? []) {
  const from = dirname(resolveFromApp.resolve(`${packageName}/package.json`));
  const to = join(outdir, folder);
  await rm(to, { recursive: true, force: true });
  await mkdir(to, { recursive: true });
  for (const file of files) await cp(join(from, file), join(to, file));
  console.log(`Copied ${files.length} files of ${packageName} to ${join('dist', 'apps', app, folder)}`);
}
await finishBundle(result, outfile, workspaceRoot);
