// `pnpm nx run users-client:generate`: rewrites packages/users-client's openapi.json and
// src/schema.ts from the routes, in-process. client-drift.test.ts fails when they are stale.
import { writeFile } from 'node:fs/promises';
import { clientFileName, clientFilePath, committedClientFile, type ClientFile } from '@platform/users-client/codegen';
import { generatedClientFiles } from './client-files.js';

for (const [file, text] of Object.entries(await generatedClientFiles()) as [ClientFile, string][]) {
  const changed = (await committedClientFile(file)) !== text;
  if (changed) await writeFile(clientFilePath(file), text);
  console.log(`${changed ? 'wrote    ' : 'unchanged'} ${clientFileName(file)}`);
}
