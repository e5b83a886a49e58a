import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, onTestFinished } from 'vitest';

/** A fresh directory under the system's temp folder, removed after the test that made it, or the file. */
export function temporaryDirectory(prefix: string): string {
  const directory = mkdtempSync(join(tmpdir(), `gitops-${prefix}-`));
  const remove = () => rmSync(directory, { recursive: true, force: true });
  // An afterAll registered while a test runs is never called.
  if (expect.getState().currentTestName === undefined) afterAll(remove);
  else onTestFinished(remove);
  return directory;
}
