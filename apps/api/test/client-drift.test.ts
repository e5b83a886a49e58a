// The typed client (packages/users-client) is generated from the OpenAPI document this app serves:
// its committed openapi.json and src/schema.ts must be exactly what the routes produce now, or a
// client would be typed against an API that no longer exists.
import { describe, expect, it } from 'vitest';
import { clientFileName, committedClientFile, generateCommand, type ClientFile } from '@platform/users-client/codegen';
import { generatedClientFiles } from './client-files.js';

const generated = Object.entries(await generatedClientFiles()) as [ClientFile, string][];

describe('the typed client package', () => {
  it.each(generated)('commits %s as the routes generate it', async (file, text) => {
    const committed = await committedClientFile(file);
    const problem =
      committed === undefined ? 'is missing' : 'differs from what the routes generate (the API changed since)';
    expect(committed, `${clientFileName(file)} ${problem}: run \`${generateCommand}\` and commit it`).toBe(text);
  });
});
