// The typed client's generated files (packages/users-client), rendered from the OpenAPI document
// this app serves in-process over the in-memory ports: no server, no emulator. Used by
// `pnpm nx run users-client:generate` (write-client-files.ts) and by the drift test.
import { renderClientFiles } from '@platform/users-client/codegen';
import { loadConfig } from '../src/config.js';
import { apiInMemory } from './api-harness.js';

/**
 * The document as `GET /openapi.json` serves it with the default configuration (the tests' own
 * smaller avatar limit would otherwise appear in it), and the client types derived from it.
 */
export async function generatedClientFiles() {
  const defaults = loadConfig({ NODE_ENV: 'test' });
  const api = apiInMemory({ env: { AVATAR_MAX_BYTES: String(defaults.avatarMaxBytes) } });
  const response = await api.fetch('/openapi.json');
  if (response.status !== 200) throw new Error(`GET /openapi.json answered ${response.status}`);
  return renderClientFiles(await response.json());
}
