// helm template for one release, parsed into objects; values files for settings no environment uses.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseManifests, type Manifest } from '@platform/manifest-validation';
import { onTestFinished } from 'vitest';
import { stringify } from 'yaml';
import { findHelm, runHelm } from './helm.js';
import type { Release } from './releases.js';

/** A working helm binary, or undefined: the chart tests then skip with a warning. */
export const helm = findHelm();

const renderedOutput = new Map<string, string>();

/**
 * The objects of a release as `helm template` renders them, with extra values files layered on top.
 * A release's own render is made once per test process (each caller parses its own copy).
 */
export function render(release: Release, ...extraValues: string[]): Manifest[] {
  const args = ['template', release.app, release.chartDir, '-n', release.namespace, '-f', release.valuesFile];
  const key = extraValues.length === 0 ? args.join(' ') : undefined;
  let output = key === undefined ? undefined : renderedOutput.get(key);
  if (output === undefined) {
    const result = runHelm(helm!, [...args, ...extraValues.flatMap((file) => ['-f', file])]);
    if (result.status !== 0) throw new Error(`helm template failed:\n${result.stderr}`);
    output = result.stdout;
    if (key !== undefined) renderedOutput.set(key, output);
  }
  return parseManifests(output);
}

/**
 * A values file written to a temp folder, for renders with settings no environment uses; called
 * inside a test, which removes it when it finishes.
 */
export function valuesFile(values: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'chart-values-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'values.yaml');
  writeFileSync(file, stringify(values));
  return file;
}
