import { afterEach, expect, test } from 'vitest';
import { findJava } from '../src/index.js';

const originalEnv = { ...process.env };
afterEach(() => {
  process.env = { ...originalEnv };
});

test('finds Java 17+ on this machine', async () => {
  const java = await findJava();

  expect(java).toEqual({ ok: true, version: expect.stringMatching(/^\d+/) });
  expect(java.ok && Number.parseInt(java.version, 10)).toBeGreaterThanOrEqual(17);
});

test('says what to install when there is no Java', async () => {
  process.env['PATH'] = '/nonexistent';
  delete process.env['JAVA_HOME'];

  const java = await findJava();

  expect(java).toEqual({ ok: false, message: expect.stringContaining('Install a Java 17+ runtime') });
});
