// affected-apps trusts each app's `container` target to list what its image is built from. Nx cannot
// tell runtime from test-only dependencies (both are edges of its graph), so the target lists them;
// this test keeps those lists equal to the package.json `dependencies` they come from, and the named
// input imageBuild equal to the root files the Dockerfiles copy.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { workspaceRoot } from './support/paths.ts';

interface Manifest {
  name: string;
  dependencies?: Record<string, string>;
  nx?: { name?: string; targets?: Record<string, { inputs?: unknown[] }> };
}

const read = <T>(path: string) => JSON.parse(readFileSync(join(workspaceRoot, path), 'utf8')) as T;

/** Every workspace package by its npm name, with its folder. */
const workspacePackages = new Map(
  ['apps', 'packages', 'tools']
    .flatMap((top) => readdirSync(join(workspaceRoot, top)).map((folder) => `${top}/${folder}`))
    .filter((folder) => existsSync(join(workspaceRoot, folder, 'package.json')))
    .map((folder) => {
      const manifest = read<Manifest>(`${folder}/package.json`);
      return [manifest.name, { folder, manifest }] as const;
    }),
);

/** The workspace projects and registry packages an app needs at run time: `dependencies`, transitively. */
function runtimeClosure(manifest: Manifest) {
  const projects = new Set<string>();
  const packages = new Set<string>();
  const visit = (current: Manifest) => {
    for (const [name, specifier] of Object.entries(current.dependencies ?? {})) {
      const local = workspacePackages.get(name);
      if (!specifier.startsWith('workspace:')) packages.add(name);
      else if (!local) throw new Error(`${current.name} depends on ${name}, which is not in the workspace`);
      else if (!projects.has(local.manifest.nx?.name ?? name)) {
        projects.add(local.manifest.nx?.name ?? name);
        visit(local.manifest);
      }
    }
  };
  visit(manifest);
  return { projects: [...projects].sort(), packages: [...packages].sort() };
}

const apps = readdirSync(join(workspaceRoot, 'apps')).filter((folder) =>
  existsSync(join(workspaceRoot, 'apps', folder, 'Dockerfile')),
);

describe('the container target of every app with a Dockerfile', () => {
  it.each(apps)('apps/%s/package.json lists its runtime dependencies as the image inputs', (folder) => {
    const manifest = read<Manifest>(`apps/${folder}/package.json`);
    const inputs = manifest.nx?.targets?.container?.inputs;
    expect(inputs, `apps/${folder}/package.json has no nx.targets.container.inputs`).toBeDefined();
    const { projects, packages } = runtimeClosure(manifest);
    expect(inputs, `apps/${folder}/package.json: container inputs`).toEqual([
      'production',
      { input: 'production', projects },
      // esbuild makes the bundle: a new esbuild may make another image.
      { externalDependencies: [...packages, 'esbuild'].sort() },
      'imageBuild',
    ]);
  });

  it.each(apps)('apps/%s/Dockerfile copies no root file that imageBuild leaves out', (folder) => {
    const imageBuild = read<{ namedInputs: Record<string, string[]> }>('nx.json').namedInputs.imageBuild ?? [];
    const dockerfile = readFileSync(join(workspaceRoot, 'apps', folder, 'Dockerfile'), 'utf8');
    const copied = [...dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap(([, sources]) =>
      sources!.split(/\s+/),
    );
    expect(copied.length, `apps/${folder}/Dockerfile copies nothing from the context`).toBeGreaterThan(0);
    // The whole context (.) is covered by the other inputs and .dockerignore; the lockfile counts by the
    // entries of the packages the image bundles (affected-apps compares them), not as one file.
    for (const source of copied.filter((file) => file !== '.' && file !== 'pnpm-lock.yaml')) {
      expect(imageBuild, `apps/${folder}/Dockerfile copies ${source}: add it to nx.json imageBuild`).toContain(
        `{workspaceRoot}/${source}`,
      );
    }
    expect(imageBuild).toContain('{workspaceRoot}/.dockerignore');
  });
});
