// The one esbuild setup for what runs with plain `node` (24) and no node_modules: the apps'
// production bundles (tools/bundle-app.mjs) and the gitops CLI of the pushing workflow jobs
// (tools/bundle-gitops.mjs).
import { build } from 'esbuild';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
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

/**
 * Makes the bundle plain ASCII. esbuild escapes every other character in the code it emits (its
 * default `charset: 'ascii'`) but copies comments as they are, and one character outside Latin-1 —
 * a dependency's "—" — makes V8 keep the whole source, which it holds for lazy compilation, at two
 * bytes a character: 5.8 MB instead of 2.9 MB of every process's heap. So each such character left
 * in a comment becomes "?", as many as it takes UTF-16 units, so that no column in the source map
 * moves.
 */
async function asciiOnly(outfile) {
  const text = await readFile(outfile, 'utf8');
  const ascii = text.replace(/\P{ASCII}/gu, (character) => '?'.repeat(character.length));
  if (ascii !== text) await writeFile(outfile, ascii);
}

/** Marks the bundle's folder as ES modules and prints what was built, with its size. */
export async function finishBundle(result, outfile, workspaceRoot) {
  await asciiOnly(outfile);
  await mkdir(dirname(outfile), { recursive: true });
  await writeFile(
    join(dirname(outfile), 'package.json'),
    JSON.stringify({ type: 'module', private: true }, null, 2) + '\n',
  );
  const bytes = result.metafile.outputs[relative(process.cwd(), outfile)]?.bytes;
  console.log(`Built ${relative(workspaceRoot, outfile)}${bytes ? ` (${(bytes / 1024).toFixed(0)} KiB)` : ''}`);
}
