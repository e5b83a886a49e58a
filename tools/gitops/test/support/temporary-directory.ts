import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, onTestFinished } from 'vitest';

/** A fresh directory under the system's temp folder, removed after the test that made it, or the file. */
export function temporaryDirectory(prefix: string): string {
  const directory = mkdtempSync(join(tmpdir(), `gitops-${prefix}-`));
  const remove = () => rmSync(directory, { recursive: true, force: true });
  // Inside a test, removed when it finishes; outside one (a beforeAll, a describe body), after the
  // file. An afterAll registered while a test runs would never be called.
  try {
    onTestFinished(remove);
  } catch {
    afterAll(remove);
  }
  return directory;
}
