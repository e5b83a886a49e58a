// The one esbuild setup for what runs with plain `node` (24) and no node_modules: the apps'
// production bundles (tools/bundle-app.mjs) and the gitops CLI of the pushing workflow jobs
// (tools/bundle-gitops.mjs).
import { build } from 'esbuild';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';

/** Bundles `entryPoint` into the ES module `outfile`; `options` add to or override esbuild's. */
export function bundleForNode(entryPoint, outfile, options = {}) {
  return build({
    entryPoints: [entryPoint],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node24',
    format: 'esm',
    conditions: ['@platform/source'],
    minifySyntax: true,
    metafile: true,
    legalComments: 'linked',
    logLevel: 'warning',
    // Some dependencies are CommonJS and call require(); give the ES module bundle one.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
    ...options,
  });
}

/** Marks the bundle's folder as ES modules and prints what was built, with its size. */
export async function finishBundle(result, outfile, workspaceRoot) {
  await mkdir(dirname(outfile), { recursive: true });
  await writeFile(
    join(dirname(outfile), 'package.json'),
    JSON.stringify({ type: 'module', private: true }, null, 2) + '\n',
  );
  const bytes = result.metafile.outputs[relative(process.cwd(), outfile)]?.bytes;
  console.log(`Built ${relative(workspaceRoot, outfile)}${bytes ? ` (${(bytes / 1024).toFixed(0)} KiB)` : ''}`);
}
