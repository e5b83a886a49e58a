// The proof that each app's container target covers what its image is built from: esbuild bundles the
// app's entry point as tools/bundle-app.mjs does (same setup, tools/node-bundle.mjs, nothing written),
// and every workspace file and registry package the bundle reads must be among the inputs Nx resolves
// for the target. In a temporary clone of the last commit (test/support/workspace-clone.ts), so others'
// work in progress does not change what is checked.
import { existsSync, readdirSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { describe, it } from 'vitest';
import { packageName } from '../src/build-context/lockfile-packages.ts';
import { NxWorkspace } from '../src/nx/nx-workspace.ts';
import { testEnvironment } from './support/git-fixture.ts';
import { workspaceRoot } from './support/paths.ts';
import { temporaryDirectory } from './support/temporary-directory.ts';
import { cloneWorkspace } from './support/workspace-clone.ts';

// The apps' bundler setup: a build script of the workspace, not a package.
const { bundleForNode } = (await import(join(workspaceRoot, 'tools', 'node-bundle.mjs'))) as {
  bundleForNode: (
    entry: string,
    outfile: string,
    options: Record<string, unknown>,
  ) => Promise<{ metafile: { inputs: Record<string, unknown> } }>;
};

const clone = cloneWorkspace(join(temporaryDirectory('container-inputs'), 'workspace'));
const nx = new NxWorkspace(
  clone,
  testEnvironment({ NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', NX_ISOLATE_PLUGINS: 'false' }),
);
const apps = readdirSync(join(clone, 'apps')).filter((folder) => existsSync(join(clone, 'apps', folder, 'Dockerfile')));

/** What the bundle read: workspace files (relative to the root) and registry packages (by name). */
async function bundleInputs(folder: string) {
  const { metafile } = await bundleForNode(join(clone, 'apps', folder, 'src', 'main.ts'), join(clone, 'out.mjs'), {
    write: false,
    absWorkingDir: clone,
  });
  const files = new Set<string>();
  const packages = new Set<string>();
  for (const input of Object.keys(metafile.inputs)) {
    const path = resolve(clone, input);
    const modules = path.lastIndexOf(`${sep}node_modules${sep}`);
    if (modules !== -1) {
      const [scope = '', name = ''] = path.slice(modules + '/node_modules/'.length).split(sep);
      packages.add(scope.startsWith('@') ? `${scope}/${name}` : scope);
      continue;
    }
    // Workspace packages are linked into node_modules from this checkout: name them from either root.
    const inClone = relative(clone, path);
    files.add(inClone.startsWith('..') ? relative(workspaceRoot, path) : inClone);
  }
  return { files, packages };
}

describe.concurrent('the container target of each app', () => {
  it.for(apps)('covers every file and package the production bundle of %s reads', async (folder, { expect }) => {
    const [inputs, bundle] = await Promise.all([nx.targetInputs(folder, 'container'), bundleInputs(folder)]);
    expect(bundle.files.size).toBeGreaterThan(0);
    expect(bundle.packages.size).toBeGreaterThan(0);
    const files = new Set(inputs.files);
    const packages = new Set(inputs.external.map(packageName));
    expect(
      [...bundle.files].filter((file) => !files.has(file)),
      `apps/${folder}: files not in container inputs`,
    ).toEqual([]);
    expect(
      [...bundle.packages].filter((name) => !packages.has(name)),
      `apps/${folder}: packages not in container inputs`,
    ).toEqual([]);
  });
});
