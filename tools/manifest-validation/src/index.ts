export type { Manifest, Violation } from './manifest.js';
export { describeManifest } from './manifest.js';
export { parseManifests } from './parse-manifests.js';
export { validateSchemas } from './validate-schemas.js';
export { findUnknownFields } from './find-unknown-fields.js';

import type { Manifest, Violation } from './manifest.js';
import { findUnknownFields } from './find-unknown-fields.js';
import { validateSchemas } from './validate-schemas.js';

/** Schema violations and unknown fields of every object, together. */
export async function validateManifests(manifests: readonly Manifest[]): Promise<Violation[]> {
  return [...(await validateSchemas(manifests)), ...findUnknownFields(manifests)];
}
