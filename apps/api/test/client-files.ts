// The typed client's generated files (packages/users-client), rendered from the OpenAPI document
// this app serves in-process over the in-memory ports: no server, no emulator. Used by
// `pnpm nx run users-client:generate` (write-client-files.ts) and by the drift test.
import { renderClientFiles } from '@platform/users-client/codegen';
import { apiInMemory } from './api-harness.js';

/** The document as `GET /openapi.json` serves it, and the client types derived from it. */
export async function generatedClientFiles() {
  const response = await apiInMemory().fetch('/openapi.json');
  if (response.status !== 200) throw new Error(`GET /openapi.json answered ${response.status}`);
  return renderClientFiles(await response.json());
}
